package edu.concurrency.grader.verdict;

import edu.concurrency.grader.report.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rubric's {@code requires} rule, decided here alone: a criterion whose required criteria have
 * not all passed is not run (its checks would only repeat their failure, each waiting its
 * deadline), and a criterion that passed while one it requires did not is not counted (an
 * unfinished class satisfies an architecture rule trivially).
 */
public final class Requirements {
    private Requirements() {
    }

    /**
     * The criteria among {@code judged} that did not pass, each with the first line of its summary.
     *
     * @param judged verdicts so far, by criterion id (several maps are read in order)
     * @return id to first line of the summary, in the order met
     */
    @SafeVarargs
    public static Map<String, String> notPassed(Map<String, SuiteOutcome>... judged) {
        Map<String, String> notPassed = new LinkedHashMap<>();
        for (Map<String, SuiteOutcome> verdicts : judged) {
            verdicts.forEach((id, o) -> {
                if (o.status() != Status.PASSED) {
                    notPassed.put(id, o.summary().lines().findFirst().orElse(""));
                }
            });
        }
        return notPassed;
    }

    /**
     * The required criteria that have not passed.
     *
     * @param requires  the ids a criterion requires
     * @param notPassed criteria judged and not passed, id to the first line of their summary
     * @return those of {@code requires} in {@code notPassed}, in the order required
     */
    public static List<String> unmet(List<String> requires, Map<String, String> notPassed) {
        return requires.stream().filter(notPassed::containsKey).toList();
    }

    /** The verdict of a criterion not run because {@code unmet} (criteria it requires) did not pass. */
    public static SuiteOutcome notRun(List<String> unmet, Map<String, String> notPassed) {
        String first = unmet.get(0);
        return SuiteOutcome.of(Status.FAILED, "Not judged: this criterion needs " + String.join(", ", unmet)
                + " to pass first, and " + first + " did not (" + notPassed.get(first) + "). Fix that first;"
                + " this one was not run.", List.of(), null);
    }

    /**
     * The verdict of a criterion as counted: {@code outcome}, unless it passed while some criterion
     * it requires did not, which makes it a failure.
     */
    public static SuiteOutcome counted(SuiteOutcome outcome, List<String> requires, Map<String, String> notPassed) {
        List<String> unmet = unmet(requires, notPassed);
        return unmet.isEmpty() || outcome.status() != Status.PASSED ? outcome
                : SuiteOutcome.of(Status.FAILED, "Not judged: this criterion counts once " + unmet
                        + " passes (an unfinished class satisfies it trivially)", List.of(), null);
    }
}
