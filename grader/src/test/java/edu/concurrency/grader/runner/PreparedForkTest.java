package edu.concurrency.grader.runner;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.process.ProcFs;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.runner.fixtures.RunnerFixtures;
import edu.concurrency.grader.verdict.SuiteOutcome;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM started ahead of its turn ({@link ForkedSuites#prepare}) runs with what was judged while it waited. */
class PreparedForkTest {
    private static final String PKG = "edu.concurrency.grader.runner.fixtures";

    @TempDir
    Path work;

    private GradingOptions options() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new GradingOptions(Path.of(System.getProperty("java.home"), "bin", "java"),
                Arrays.stream(cp.split(File.pathSeparator)).map(Path::of).toList(), work.resolve("none.jar"), work,
                2, 1.0, 256, 8192, 200, 600);
    }

    private static Criterion criterion(String id, Class<?> suite, List<String> requires) {
        return new Criterion(id, id, Kind.PERFORMANCE, 1, List.of(suite.getName()), List.of(), requires, 10, 1, false);
    }

    @Test
    @DisplayName("the go brings what failed meanwhile, and stdin ends after it")
    void theGoBringsTheVerdictsJudgedMeanwhile() throws Exception {
        List<Criterion> criteria = List.of(
                criterion("needs-smoke", RunnerFixtures.Passing.class, List.of("smoke")),
                criterion("stdin", RunnerFixtures.ReadsStdin.class, List.of()),
                criterion("pass", RunnerFixtures.Passing.class, List.of()));
        Exercise exercise = new Exercise("fixtures", null, PKG, List.of(), criteria);
        ForkedSuites forks = new ForkedSuites(options());
        Map<String, SuiteOutcome> outcomes;
        List<String> notes = new ArrayList<>();
        try (ForkedSuites.Prepared prepared = forks.prepare(exercise, criteria,
                Files.createDirectories(work.resolve("classes")), work.resolve("performance"))) {
            // judged after the JVM started: its plan file cannot know it
            Map<String, SuiteOutcome> judged = Map.of("smoke", SuiteOutcome.of(Status.FAILED, "smoke test failed",
                    List.of(), null));
            outcomes = prepared.run(notes, judged);
        }
        assertThat(outcomes.get("needs-smoke").status()).isEqualTo(Status.FAILED);
        assertThat(outcomes.get("needs-smoke").summary()).startsWith("Not judged: this criterion needs smoke to pass first");
        assertThat(outcomes.get("stdin").status()).as(outcomes.get("stdin").summary()).isEqualTo(Status.PASSED);
        assertThat(outcomes.get("pass").status()).isEqualTo(Status.PASSED);
        assertThat(outcomes.get("pass").measurements()).containsEntry("speedup", "3.5");
        assertThat(Files.readString(work.resolve("performance/fork-1/plan.json")))
                .as("the plan the JVM started with").contains("\"awaitsGo\":true").doesNotContain("smoke test failed");
        assertThat(notes).isEmpty();
    }

    @Test
    @DisplayName("a prepared JVM closed without its turn is killed, having run nothing")
    void closedWithoutItsTurnRunsNothingAndEnds() throws Exception {
        List<Criterion> criteria = List.of(criterion("pass", RunnerFixtures.Passing.class, List.of()));
        Exercise exercise = new Exercise("fixtures", null, PKG, List.of(), criteria);
        Path dir = work.resolve("performance");
        try (ForkedSuites.Prepared prepared = new ForkedSuites(options()).prepare(exercise, criteria,
                Files.createDirectories(work.resolve("classes")), dir)) {
            assertThat(running(dir)).as("the prepared JVM").isNotEmpty();
        }
        assertThat(running(dir)).as("JVMs of the prepared plan after close").isEmpty();
        assertThat(Files.readString(dir.resolve("fork-1/results.jsonl"))).as("what it wrote: no criterion started").isEmpty();
    }

    /** Live processes whose command line names a file under {@code dir}. */
    private static List<ProcessHandle> running(Path dir) {
        String marker = dir.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> String.join(" ", ProcFs.arguments(p.pid())).contains(marker))
                .toList();
    }
}
