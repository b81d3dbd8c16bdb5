package edu.concurrency.grader.runner;

import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.suites.support.modelcheck.ModelCheckSuites;
import edu.concurrency.grader.verdict.SuiteOutcome;
import edu.concurrency.grader.verdict.TestFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verdict of a race criterion from its two checks: jcstress's probes (what real hardware
 * showed in one run) and the model checker (every interleaving of the probe's operations under
 * sequential consistency, {@code suites.support.modelcheck}).
 *
 * <ul>
 *   <li>A counterexample of the model checker fails the criterion, whether jcstress saw the race
 *       or not, and its interleaving is the criterion's last detail; the first line says
 *       "{@value ModelCheckSuites#SEE_BELOW}".</li>
 *   <li>A failure of jcstress alone stays the evidence; one line says the model checker found
 *       nothing (a visibility race: a missing {@code volatile} or lock on a read).</li>
 *   <li>A model check that could not judge (its JVM hung, Lincheck failed) changes no verdict; one
 *       line says so when the criterion fails anyway.</li>
 * </ul>
 */
final class RaceVerdicts {
    /** The name of the model checker's detail in a report. */
    static final String CHECK = "model checker (Lincheck)";
    /** The line added to a jcstress failure when the model checker found no counterexample. */
    static final String NOTHING_FOUND = "No interleaving of these operations breaks them under sequential consistency,"
            + " so this is a visibility race (a missing volatile, or a read without the lock), which only jcstress"
            + " sees on real hardware: its outcome above is the evidence.";

    private RaceVerdicts() {
    }

    /**
     * Combines the two checks of one race criterion.
     *
     * @param probes     jcstress's verdict
     * @param modelCheck the model checker's verdict, or null when the criterion has no model check
     * @return the criterion's verdict
     */
    static SuiteOutcome combine(SuiteOutcome probes, SuiteOutcome modelCheck) {
        if (modelCheck == null) {
            return probes;
        }
        Optional<TestFailure> counterexample = counterexample(modelCheck);
        List<TestFailure> failures = new ArrayList<>(probes.status() == Status.PASSED ? List.of() : probes.failures());
        if (counterexample.isPresent()) {
            String firstLine = counterexample.get().message().lines().findFirst().orElse("");
            failures.add(counterexample.get());
            String summary = probes.status() == Status.FAILED
                    ? probes.summary() + "; " + ModelCheckSuites.SEE_BELOW
                    : firstLine + " (jcstress did not observe this race in its run)";
            return SuiteOutcome.of(Status.FAILED, summary, failures, null);
        }
        if (probes.status() != Status.FAILED) {
            return probes;
        }
        failures.add(new TestFailure(CHECK, modelCheck.status() == Status.PASSED ? NOTHING_FOUND
                : "The model checker could not judge (" + modelCheck.summary() + "); jcstress's outcome above is the evidence.",
                null));
        return SuiteOutcome.of(probes.status(), probes.summary(), failures, probes.threadDump());
    }

    /**
     * The model check's counterexample as a detail of a criterion: named {@value #CHECK}, its
     * first line, then the interleaving; empty when the model check found none.
     */
    static Optional<TestFailure> counterexample(SuiteOutcome modelCheck) {
        return modelCheck.failures().stream()
                .filter(f -> f.message() != null && f.message().startsWith(ModelCheckSuites.COUNTEREXAMPLE)).findFirst()
                .map(f -> {
                    String message = f.message();
                    int start = message.indexOf(ModelCheckSuites.INTERLEAVING_START);
                    String firstLine = message.lines().findFirst().orElse(message);
                    return new TestFailure(CHECK, start < 0 ? message
                            : firstLine + "\n" + message.substring(start + ModelCheckSuites.INTERLEAVING_START.length()).strip(), null);
                });
    }
}
