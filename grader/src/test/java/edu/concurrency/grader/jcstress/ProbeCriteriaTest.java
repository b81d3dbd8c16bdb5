package edu.concurrency.grader.jcstress;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.verdict.SuiteOutcome;
import edu.concurrency.grader.verdict.TestFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeCriteriaTest {
    private static final String A = "edu.concurrency.probes.queue.OfferOfferProbe";
    private static final String B = "edu.concurrency.probes.queue.PollPollProbe";

    private static ProbeVerdict verdict(String probe, ProbeVerdict.Outcome outcome, String summary) {
        return new ProbeVerdict(probe, outcome, summary, List.of("detail of " + probe));
    }

    private static Map<String, SuiteOutcome> judge(Map<String, ProbeVerdict> verdicts) {
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        criteria.put("c.both", List.of(A, B));
        criteria.put("c.b", List.of(B));
        return ProbeCriteria.judge(criteria, verdicts, "not run (limit)", "not finished (limit)");
    }

    @Test
    void aCriterionPassesOnlyWhenEveryOneOfItsProbesPassed() {
        Map<String, SuiteOutcome> outcomes = judge(Map.of(
                A, verdict(A, ProbeVerdict.Outcome.FAILED, "Race condition: both offers succeeded"),
                B, verdict(B, ProbeVerdict.Outcome.PASSED, "No forbidden outcome in 1,000,000 samples")));

        assertThat(outcomes.keySet()).containsExactly("c.both", "c.b");
        assertThat(outcomes.get("c.b").status()).isEqualTo(Status.PASSED);
        assertThat(outcomes.get("c.b").summary()).isEqualTo("No forbidden outcome observed by 1 probe(s)");
        SuiteOutcome both = outcomes.get("c.both");
        assertThat(both.status()).isEqualTo(Status.FAILED);
        assertThat(both.summary()).isEqualTo("Race condition: both offers succeeded");
        assertThat(both.failures()).extracting(TestFailure::test).containsExactly("OfferOfferProbe");
        assertThat(both.failures().get(0).message()).isEqualTo("Race condition: both offers succeeded\ndetail of " + A);
    }

    @Test
    void theFirstProbeThatDidNotPassDecidesAndAMissingOneIsAnError() {
        Map<String, SuiteOutcome> outcomes = judge(Map.of(
                B, verdict(B, ProbeVerdict.Outcome.FAILED, "Race condition: an element was taken twice")));

        SuiteOutcome both = outcomes.get("c.both");
        assertThat(both.status()).as("A produced no result: an error, and it comes first").isEqualTo(Status.ERROR);
        assertThat(both.summary()).isEqualTo("the probe produced no result");
        assertThat(both.failures()).extracting(TestFailure::test).containsExactly("OfferOfferProbe", "PollPollProbe");
        assertThat(outcomes.get("c.b").status()).isEqualTo(Status.FAILED);
    }

    @Test
    void probesCutByTheTimeLimitSayWhatTheLimitDidInTheGradingsWords() {
        Map<String, SuiteOutcome> outcomes = judge(Map.of(
                A, verdict(A, ProbeVerdict.Outcome.ERROR, JcstressRunner.NOT_FINISHED + " while jcstress ran this probe"),
                B, verdict(B, ProbeVerdict.Outcome.ERROR, JcstressRunner.NOT_RUN + " before jcstress got to this probe.")));

        assertThat(outcomes.get("c.both").summary()).isEqualTo("not finished (limit)");
        assertThat(outcomes.get("c.b").summary()).isEqualTo("not run (limit)");
        assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(Status.ERROR));
    }
}
