package edu.concurrency.grader.jcstress;

import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.verdict.SuiteOutcome;
import edu.concurrency.grader.verdict.TestFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * From probe verdicts to criterion verdicts: a race criterion names one or more probes (the
 * rubric's {@code probes}); it passes when every one of them passed, and otherwise takes the
 * first that did not (an ERROR of a probe is an ERROR of the criterion, a FAILED a FAILED), with
 * every probe that did not pass as a failure of its own.
 */
public final class ProbeCriteria {
    private ProbeCriteria() {
    }

    /**
     * The verdict of each criterion.
     *
     * @param probesByCriterion each criterion's probes (fully qualified class names), in the
     *                          rubric's order
     * @param verdicts          what {@link JcstressRunner#run} returned; a probe missing here is
     *                          an ERROR ("the probe produced no result")
     * @param notRun            the summary of a criterion whose probe was not run because the
     *                          submission used up its total time limit ({@link JcstressRunner#NOT_RUN})
     * @param notFinished       the summary of one whose probe the limit cut short
     *                          ({@link JcstressRunner#NOT_FINISHED})
     * @return a verdict for every criterion, in the given order
     */
    public static Map<String, SuiteOutcome> judge(Map<String, List<String>> probesByCriterion,
                                                  Map<String, ProbeVerdict> verdicts, String notRun, String notFinished) {
        Map<String, SuiteOutcome> outcomes = new LinkedHashMap<>();
        probesByCriterion.forEach((id, probes) -> {
            List<ProbeVerdict> mine = probes.stream().map(p -> verdicts.getOrDefault(p,
                    new ProbeVerdict(p, ProbeVerdict.Outcome.ERROR, "the probe produced no result", List.of()))).toList();
            List<ProbeVerdict> notPassed = mine.stream().filter(v -> v.outcome() != ProbeVerdict.Outcome.PASSED).toList();
            if (notPassed.isEmpty()) {
                outcomes.put(id, SuiteOutcome.of(Status.PASSED, "No forbidden outcome observed by " + mine.size()
                        + " probe(s)", List.of(), null));
                return;
            }
            ProbeVerdict worst = notPassed.get(0);
            List<TestFailure> failures = notPassed.stream()
                    .map(v -> new TestFailure(simpleName(v.probe()), String.join("\n", withFirst(v.summary(), v.details())), null))
                    .toList();
            String summary = worst.summary().startsWith(JcstressRunner.NOT_RUN) ? notRun
                    : worst.summary().startsWith(JcstressRunner.NOT_FINISHED) ? notFinished
                    : worst.summary();
            outcomes.put(id, SuiteOutcome.of(worst.outcome() == ProbeVerdict.Outcome.ERROR ? Status.ERROR : Status.FAILED,
                    summary, failures, null));
        });
        return outcomes;
    }

    private static List<String> withFirst(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
