package edu.concurrency.grader.runner;

import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.suites.support.modelcheck.ModelCheckSuites;
import edu.concurrency.grader.verdict.SuiteOutcome;
import edu.concurrency.grader.verdict.TestFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model check of a failed correctness criterion ({@link Criterion#modelCheck()}, e.g.
 * {@code queue.stress}): it runs only once the criterion failed, on the operations the criterion
 * exercises, and explains the failure; it never changes the verdict (a correct submission never
 * pays for it, and a counterexample alone never costs a point).
 *
 * <ul>
 *   <li>A counterexample: its interleaving is the criterion's last detail, and the feedback's first
 *       line ends "{@value ModelCheckSuites#SEE_BELOW}".</li>
 *   <li>Nothing found: one line says so; the criterion's own evidence stands.</li>
 *   <li>Could not judge (a hang, Lincheck failed): one line says so.</li>
 * </ul>
 */
public final class ModelCheckEvidence {
    /** How the id of the criterion that runs another's model check ends. */
    public static final String SUFFIX = ".model-check";
    /** The line added when the model checker found no interleaving. */
    static final String NOTHING_FOUND = "The model checker found no interleaving of these operations that breaks them"
            + " (2 threads under sequential consistency; it wakes every waiter, so it cannot show a lost wakeup of"
            + " notify() or a missing volatile): the evidence above stands.";

    private ModelCheckEvidence() {
    }

    /**
     * The criterion that runs {@code failed}'s model check in the model-checking JVM: of kind
     * race, as the race criteria's model checks are, so that JVM starts with Lincheck's agent.
     */
    public static Criterion checkOf(Criterion failed) {
        return new Criterion(failed.id() + SUFFIX, "model check of " + failed.id(), Kind.RACE, 0, failed.modelCheck(),
                List.of(), List.of(), Criterion.DEFAULT_TIMEOUT_SECONDS, 1, failed.hidden());
    }

    /**
     * {@code failed} with what its model check found.
     *
     * @param failed     the criterion's verdict, not passed
     * @param modelCheck the verdict of {@link #checkOf its model check}, or null when none ran
     * @return the same status, the same evidence, and the model checker's detail last
     */
    static SuiteOutcome explain(SuiteOutcome failed, SuiteOutcome modelCheck) {
        if (modelCheck == null) {
            return failed;
        }
        List<TestFailure> failures = new ArrayList<>(failed.failures());
        Optional<TestFailure> counterexample = RaceVerdicts.counterexample(modelCheck);
        String summary = failed.summary();
        if (counterexample.isPresent()) {
            failures.add(counterexample.get());
            summary = firstLineEnding(summary, "; " + ModelCheckSuites.SEE_BELOW);
        } else {
            failures.add(new TestFailure(RaceVerdicts.CHECK, modelCheck.status() == Status.PASSED ? NOTHING_FOUND
                    : "The model checker could not judge (" + modelCheck.summary() + "); the evidence above stands.", null));
        }
        return new SuiteOutcome(failed.status(), summary, failures, failed.measurements(), failed.threadDump(),
                failed.durationMillis(), failed.attempts(), failed.strayThreads(), failed.stalledAt());
    }

    /** {@code text} with {@code ending} appended to its first line. */
    private static String firstLineEnding(String text, String ending) {
        if (text == null || text.isBlank()) {
            return ending.substring(2);
        }
        int eol = text.indexOf('\n');
        return eol < 0 ? text + ending : text.substring(0, eol) + ending + text.substring(eol);
    }
}
