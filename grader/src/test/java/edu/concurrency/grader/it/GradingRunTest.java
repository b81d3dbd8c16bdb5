package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ITs' check that a grading leaves nothing running can fail, and does so for the right process. */
class GradingRunTest {
    @Test
    void aDescendantSeenWhileTheProcessRanIsASurvivorUntilItEnds() throws Exception {
        // stands for a grader (sh) whose submission left a process behind (sleep 300): a child
        // that outlives its parent, as a sandboxed one would if the sandbox failed to end it
        Process grader = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 1").start();
        List<ProcessHandle> seen = new ArrayList<>();
        try {
            assertThat(GradingRun.waitWatching(grader, Duration.ofSeconds(60), seen)).isTrue();
            GradingRun run = new GradingRun(null, 0, "", 0, "a-tag-nobody-has", seen, true);
            assertThat(run.survivors()).as("the tag reaches nobody; the descendant seen is found")
                    .singleElement().asString().contains("sleep 300");

            seen.forEach(ProcessHandle::destroyForcibly);
            assertThat(run.survivors()).isEmpty();
        } finally {
            seen.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theExercisesGradedAreTheRubricsInItsOrderOrThoseNamedAndATypoIsAnError() {
        List<String> rubric = List.of("first", "second", "third");
        assertThat(GradingRun.exercises(rubric, List.of())).containsExactly("first", "second", "third");
        assertThat(GradingRun.exercises(rubric, List.of("third", "first"))).containsExactly("first", "third");
        assertThatThrownBy(() -> GradingRun.exercises(rubric, List.of("secnd"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[secnd]");
    }
}
