package edu.concurrency.grader.fork;

import edu.concurrency.grader.verdict.SuiteOutcome;
import java.util.List;
import java.util.Map;

/**
 * What one forked JVM is asked to run.
 *
 * @param exercisePackage the submission's package, for locating file:line and relevant threads
 * @param criteria        the criteria, in order
 * @param resultsFile     where to append {@link ForkEvent} lines
 * @param notPassed       criteria judged earlier (in another JVM) that did not pass, with the
 *                        first line of their feedback: a planned criterion that requires one of
 *                        them is not run
 * @param stallMillis     when positive, a criterion whose threads all wait, untimed and unchanged,
 *                        this long is reported as a hang at once ({@code StallDetector}), in ms;
 *                        0 leaves hangs to the watchdog
 * @param stalledBefore   where earlier criteria of the grading stalled in the submission's code
 *                        ({@link SuiteOutcome#stalledAt()}): a stall at exactly these places is
 *                        the same hang again and is reported after {@link #repeatedStallMillis()}
 * @param awaitsGo        whether the JVM, once started and ready, waits for a {@link ForkGo} line
 *                        on stdin before it runs anything of the plan; {@link ForkGo} then brings
 *                        {@code notPassed} and {@code stalledBefore}, which replace the plan's
 */
public record ForkPlan(String exercisePackage, List<PlannedCriterion> criteria, String resultsFile,
                       Map<String, String> notPassed, long stallMillis, List<String> stalledBefore,
                       boolean awaitsGo) {

    public ForkPlan {
        criteria = List.copyOf(criteria);
        notPassed = notPassed == null ? Map.of() : Map.copyOf(notPassed);
        stalledBefore = stalledBefore == null ? List.of() : List.copyOf(stalledBefore);
    }

    /** A plan that runs as soon as its JVM is up. */
    public ForkPlan(String exercisePackage, List<PlannedCriterion> criteria, String resultsFile,
                    Map<String, String> notPassed, long stallMillis, List<String> stalledBefore) {
        this(exercisePackage, criteria, resultsFile, notPassed, stallMillis, stalledBefore, false);
    }

    /** A plan with nothing judged before and no stall detection. */
    public ForkPlan(String exercisePackage, List<PlannedCriterion> criteria, String resultsFile) {
        this(exercisePackage, criteria, resultsFile, Map.of(), 0, List.of(), false);
    }

    /** This plan with what {@code go} says of the criteria judged before it, to run at once. */
    public ForkPlan with(ForkGo go) {
        return new ForkPlan(exercisePackage, criteria, resultsFile, go.notPassed(), stallMillis, go.stalledBefore(), false);
    }

    /**
     * How long a stall at the places of an earlier one must last to be reported, in ms: a fifth of
     * {@link #stallMillis()}, at least 1 s. The same threads waiting untimed at the same lines as a
     * hang already proven need no second full wait; the second is a margin for sampling only.
     */
    public long repeatedStallMillis() {
        return Math.min(stallMillis, Math.max(1000, stallMillis / 5));
    }

    /**
     * One criterion to run.
     *
     * @param id            the criterion id
     * @param tests         JUnit selectors: {@code Class} or {@code Class#method}
     * @param timeoutMillis watchdog for one attempt, in ms
     * @param attempts      attempts before the criterion fails
     * @param requires      criteria that must pass first; when one of them did not, this one is
     *                      not run and fails as "not judged" (a failed smoke test spares the rest
     *                      their deadlines)
     */
    public record PlannedCriterion(String id, List<String> tests, long timeoutMillis, int attempts,
                                   List<String> requires) {
        public PlannedCriterion {
            tests = List.copyOf(tests);
            requires = requires == null ? List.of() : List.copyOf(requires);
        }

        /** A criterion that requires nothing. */
        public PlannedCriterion(String id, List<String> tests, long timeoutMillis, int attempts) {
            this(id, tests, timeoutMillis, attempts, List.of());
        }
    }
}
