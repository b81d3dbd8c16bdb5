package edu.concurrency.grader.runner;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.suites.support.modelcheck.ModelCheckSuites;
import edu.concurrency.grader.verdict.SuiteOutcome;
import edu.concurrency.grader.verdict.TestFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCheckEvidenceTest {
    private static final SuiteOutcome STRESS_FAILED = new SuiteOutcome(Status.FAILED,
            "Race condition: take() returned null (failed in 3 of 3 rounds)\nsecond line",
            List.of(new TestFailure("capacity 1", "take() returned null", "BoundedBuffer.java:63")), java.util.Map.of(),
            "dump", 1234, 1, List.of(), List.of("BoundedBuffer.java:60 (take)"));
    private static final SuiteOutcome COUNTEREXAMPLE = SuiteOutcome.of(Status.FAILED, "x", List.of(new TestFailure("putTake",
            ModelCheckSuites.COUNTEREXAMPLE + " of take and put ...; " + ModelCheckSuites.SEE_BELOW + "\n"
                    + ModelCheckSuites.INTERLEAVING_START + "\n| WAIT at BoundedBuffer.take(BoundedBuffer.java:60) |", null)), null);
    private static final SuiteOutcome CHECK_PASSED = SuiteOutcome.of(Status.PASSED, "All 1 checks passed", List.of(), null);
    private static final SuiteOutcome CHECK_HUNG = SuiteOutcome.of(Status.FAILED, "Hang: the criterion did not finish",
            List.of(), "dump");

    @Test
    void theStressCriterionNamesItsModelCheckAndRunsItAsTheRaceCriteriaDo() {
        Criterion stress = Rubric.loadDefault().exercise("queue").orElseThrow().criteria().stream()
                .filter(c -> c.id().equals("queue.stress")).findFirst().orElseThrow();
        assertThat(stress.kind()).isEqualTo(Kind.CORRECTNESS);
        assertThat(stress.modelCheck()).containsExactly("edu.concurrency.grader.suites.queue.QueueModelCheckSuite#putTake");
        Criterion check = ModelCheckEvidence.checkOf(stress);
        assertThat(check.id()).isEqualTo("queue.stress" + ModelCheckEvidence.SUFFIX);
        assertThat(check.kind()).as("the fork starts with Lincheck's agent for race criteria").isEqualTo(Kind.RACE);
        assertThat(check.tests()).isEqualTo(stress.modelCheck());
        assertThat(check.points()).isZero();
    }

    @Test
    void aCounterexampleJoinsTheEvidenceAndTheFirstLinePointsToIt() {
        SuiteOutcome o = ModelCheckEvidence.explain(STRESS_FAILED, COUNTEREXAMPLE);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.summary().lines().findFirst().orElseThrow())
                .isEqualTo("Race condition: take() returned null (failed in 3 of 3 rounds); " + ModelCheckSuites.SEE_BELOW);
        assertThat(o.summary()).endsWith("\nsecond line");
        assertThat(o.failures()).extracting(TestFailure::test).containsExactly("capacity 1", RaceVerdicts.CHECK);
        assertThat(o.failures().get(1).message()).contains("BoundedBuffer.java:60").doesNotContain(ModelCheckSuites.INTERLEAVING_START);
        assertThat(o.threadDump()).isEqualTo("dump");
        assertThat(o.stalledAt()).isEqualTo(STRESS_FAILED.stalledAt());
        assertThat(o.durationMillis()).isEqualTo(1234);
    }

    @Test
    void nothingFoundIsOneLineAndTheOriginalEvidenceStays() {
        SuiteOutcome o = ModelCheckEvidence.explain(STRESS_FAILED, CHECK_PASSED);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.summary()).isEqualTo(STRESS_FAILED.summary());
        assertThat(o.failures()).extracting(TestFailure::message).containsExactly("take() returned null", ModelCheckEvidence.NOTHING_FOUND);
        assertThat(ModelCheckEvidence.NOTHING_FOUND).doesNotContain("\n");
        assertThat(o.threadDump()).isEqualTo("dump");
    }

    @Test
    void aModelCheckThatCouldNotJudgeSaysSoInOneLine() {
        SuiteOutcome o = ModelCheckEvidence.explain(STRESS_FAILED, CHECK_HUNG);
        assertThat(o.summary()).isEqualTo(STRESS_FAILED.summary());
        assertThat(o.failures()).hasSize(2);
        assertThat(o.failures().get(1).message()).startsWith("The model checker could not judge (Hang").doesNotContain("\n");
        assertThat(ModelCheckEvidence.explain(STRESS_FAILED, null)).isSameAs(STRESS_FAILED);
    }
}
