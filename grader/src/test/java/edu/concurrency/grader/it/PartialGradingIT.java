package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Rubric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grade --criteria}, end to end with the packaged grader, on the queue exercise: a buggy
 * queue and the reference, each graded on a few criteria only.
 */
@Tag("slow")
@Tag("exercises")
class PartialGradingIT {

    @Test
    @DisplayName("--criteria grades only the criteria named and what they require; the report says it is partial")
    void partialGradingRunsOnlyTheCriteriaNamed(@TempDir Path work) throws Exception {
        Path variant = GradingRun.repoRoot().resolve("grader/src/test/submissions/queue/sleep-polling");
        Path submission = GradingRun.overlay(variant, Files.createDirectories(work.resolve("submission")));
        GradingRun run = GradingRun.grade(submission, work.resolve("report"), "--criteria", "queue.arch.no-sleep,queue.timed");

        List<CriterionResult> criteria = run.report().criteria();
        assertThat(criteria).as(run.console()).extracting(CriterionResult::id)
                .containsExactly("queue.basic", "queue.timed", "queue.arch.no-sleep");
        assertThat(criteria).filteredOn(c -> c.status() != Status.PASSED).extracting(CriterionResult::id)
                .containsExactly("queue.arch.no-sleep");
        int max = Rubric.loadDefault().onlyCriteria(List.of("queue.arch.no-sleep", "queue.timed")).exercises().stream()
                .flatMap(e -> e.criteria().stream()).mapToInt(Criterion::points).sum();
        assertThat(run.report().maxScore()).isEqualTo(max);
        assertThat(run.report().notes()).first().asString().startsWith("Partial grading: only 3 of ");
        assertThat(run.exitCode()).as("below full marks on the criteria run").isEqualTo(1);

        GradingRun reference = GradingRun.grade(GradingRun.repoRoot().resolve("solutions"), work.resolve("reference"),
                "--criteria", "queue.arch.no-sleep");
        assertThat(reference.report().criteria()).extracting(CriterionResult::id)
                .containsExactly("queue.basic", "queue.arch.no-sleep");
        assertThat(reference.exitCode()).as("full marks on the criteria run").isZero();
        assertThat(run.survivors()).isEmpty();
        assertThat(reference.survivors()).isEmpty();
    }
}
