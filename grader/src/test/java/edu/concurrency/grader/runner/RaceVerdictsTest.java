package edu.concurrency.grader.runner;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.suites.support.modelcheck.ModelCheckSuites;
import edu.concurrency.grader.verdict.SuiteOutcome;
import edu.concurrency.grader.verdict.TestFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaceVerdictsTest {
    private static final SuiteOutcome PROBE_PASSED = SuiteOutcome.of(Status.PASSED, "No forbidden outcome observed by 1 probe(s)",
            List.of(), null);
    private static final SuiteOutcome PROBE_FAILED = SuiteOutcome.of(Status.FAILED, "Race condition: both offers succeeded",
            List.of(new TestFailure("OfferOfferProbe", "FORBIDDEN \"true, true, 2\"", null)), null);
    private static final SuiteOutcome CHECK_PASSED = SuiteOutcome.of(Status.PASSED, "All 1 checks passed", List.of(), null);
    private static final SuiteOutcome COUNTEREXAMPLE = SuiteOutcome.of(Status.FAILED, "x", List.of(new TestFailure("offers",
            ModelCheckSuites.COUNTEREXAMPLE + " of two offers ...; " + ModelCheckSuites.SEE_BELOW + "\n"
                    + ModelCheckSuites.INTERLEAVING_START + "\n| count ➜ 0 at BoundedBuffer.offer(BoundedBuffer.java:75) |", null)), null);
    private static final SuiteOutcome CHECK_HUNG = SuiteOutcome.of(Status.FAILED, "Hang: the criterion did not finish",
            List.of(), "dump");

    @Test
    void bothFailedTheInterleavingFollowsTheProbeAndTheFirstLinePointsToIt() {
        SuiteOutcome o = RaceVerdicts.combine(PROBE_FAILED, COUNTEREXAMPLE);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.summary()).startsWith("Race condition: both offers succeeded").endsWith(ModelCheckSuites.SEE_BELOW);
        assertThat(o.failures()).extracting(TestFailure::test).containsExactly("OfferOfferProbe", RaceVerdicts.CHECK);
        assertThat(o.failures().get(1).message()).contains("BoundedBuffer.java:75")
                .doesNotContain(ModelCheckSuites.INTERLEAVING_START);
    }

    @Test
    void aCounterexampleFailsTheCriterionThatJcstressPassed() {
        SuiteOutcome o = RaceVerdicts.combine(PROBE_PASSED, COUNTEREXAMPLE);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.summary()).startsWith(ModelCheckSuites.COUNTEREXAMPLE).contains(ModelCheckSuites.SEE_BELOW)
                .contains("jcstress did not observe");
        assertThat(o.failures()).extracting(TestFailure::test).containsExactly(RaceVerdicts.CHECK);
    }

    @Test
    void aRaceOnlyJcstressSeesKeepsItsEvidenceAndSaysTheModelCheckerFoundNothing() {
        SuiteOutcome o = RaceVerdicts.combine(PROBE_FAILED, CHECK_PASSED);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.summary()).isEqualTo(PROBE_FAILED.summary());
        assertThat(o.failures()).extracting(TestFailure::message).containsExactly("FORBIDDEN \"true, true, 2\"", RaceVerdicts.NOTHING_FOUND);
    }

    @Test
    void aModelCheckThatCouldNotJudgeChangesNoVerdict() {
        assertThat(RaceVerdicts.combine(PROBE_PASSED, CHECK_HUNG)).isSameAs(PROBE_PASSED);
        assertThat(RaceVerdicts.combine(PROBE_PASSED, CHECK_PASSED)).isSameAs(PROBE_PASSED);
        assertThat(RaceVerdicts.combine(PROBE_PASSED, null)).isSameAs(PROBE_PASSED);
        SuiteOutcome o = RaceVerdicts.combine(PROBE_FAILED, CHECK_HUNG);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.failures().get(1).message()).startsWith("The model checker could not judge (Hang");
    }
}
