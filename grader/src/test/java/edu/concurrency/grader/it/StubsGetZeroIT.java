package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Rubric;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The untouched stubs of {@code exercises/}, every exercise in one grading, get 0 points on every
 * criterion of the rubric and the exit code says so: no criterion can be passed by doing nothing
 * (a check that cannot fail is a defect).
 */
@Tag("slow")
@Tag("stubs")
class StubsGetZeroIT {
    @Test
    @DisplayName("the untouched stubs get 0 on every criterion of every exercise, and the exit code says so")
    void stubsGetZero(@TempDir Path reports) throws Exception {
        GradingRun run = GradingRun.grade(GradingRun.repoRoot().resolve("exercises"), reports);
        assertThat(run.report().criteria()).as(run.console()).extracting(CriterionResult::id)
                .containsExactlyElementsOf(Rubric.loadDefault().exercises().stream()
                        .flatMap(e -> e.criteria().stream()).map(Criterion::id).toList());
        assertThat(run.report().criteria()).allSatisfy(c -> assertThat(c.points()).as(c.id() + ": " + c.feedback()).isZero());
        assertThat(run.report().score()).isZero();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.survivors()).as("processes still running after grading").isEmpty();
        SandboxExpectation.check(run.report(), false, run.story("stubs"));
    }
}
