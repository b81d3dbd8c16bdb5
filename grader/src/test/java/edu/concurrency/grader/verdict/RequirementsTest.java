package edu.concurrency.grader.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequirementsTest {
    private static final SuiteOutcome PASSED = SuiteOutcome.of(Status.PASSED, "All 3 checks passed", List.of(), null);
    private static final SuiteOutcome FAILED = SuiteOutcome.of(Status.FAILED,
            "Lost wakeup: a consumer waited forever\nmore lines", List.of(), null);

    @Test
    void notPassedKeepsTheFirstLineOfEveryVerdictButPasses() {
        Map<String, String> notPassed = Requirements.notPassed(Map.of("q.basic", PASSED), Map.of("q.stress", FAILED));

        assertThat(notPassed).containsExactly(Map.entry("q.stress", "Lost wakeup: a consumer waited forever"));
    }

    @Test
    void aCriterionWhoseRequirementFailedIsNotRunAndSaysWhich() {
        Map<String, String> notPassed = Map.of("q.stress", "Lost wakeup: a consumer waited forever");

        List<String> unmet = Requirements.unmet(List.of("q.basic", "q.stress"), notPassed);
        SuiteOutcome verdict = Requirements.notRun(unmet, notPassed);

        assertThat(unmet).containsExactly("q.stress");
        assertThat(verdict.status()).isEqualTo(Status.FAILED);
        assertThat(verdict.summary()).startsWith("Not judged: this criterion needs q.stress to pass first")
                .contains("(Lost wakeup: a consumer waited forever)");
        assertThat(Requirements.unmet(List.of("q.basic"), notPassed)).isEmpty();
    }

    @Test
    void aPassThatRestsOnAFailedRequirementIsNotCountedAndOtherVerdictsStand() {
        Map<String, String> notPassed = Map.of("q.basic", "stub: UnsupportedOperationException");

        assertThat(Requirements.counted(PASSED, List.of("q.basic"), notPassed).status()).isEqualTo(Status.FAILED);
        assertThat(Requirements.counted(PASSED, List.of("q.basic"), notPassed).summary())
                .startsWith("Not judged: this criterion counts once [q.basic] passes");
        assertThat(Requirements.counted(FAILED, List.of("q.basic"), notPassed)).isSameAs(FAILED);
        assertThat(Requirements.counted(PASSED, List.of("q.other"), notPassed)).isSameAs(PASSED);
    }
}
