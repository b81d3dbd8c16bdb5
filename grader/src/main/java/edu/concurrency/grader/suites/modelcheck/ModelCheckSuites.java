package edu.concurrency.grader.suites.modelcheck;

import org.opentest4j.AssertionFailedError;

/**
 * What the model-checking suites share: how a counterexample is reported, so that the runner can
 * tell a counterexample (evidence of a race) from a model check that could not run.
 */
public final class ModelCheckSuites {
    /** How the first line of a counterexample begins. */
    public static final String COUNTEREXAMPLE = "The model checker found an interleaving";
    /** How the first line of a counterexample ends. */
    public static final String SEE_BELOW = "see the interleaving below";
    /** Where the interleaving begins in a counterexample's message (a line of its own). */
    public static final String INTERLEAVING_START = "Interleaving:";

    private ModelCheckSuites() {
    }

    /**
     * Model-checks {@code checker} and fails with the interleaving when it finds one.
     *
     * @param operations the operations in words, e.g. "two offers into a full-capacity-1 buffer"
     * @throws AssertionFailedError whose message is one line
     *         ({@value #COUNTEREXAMPLE} ... {@value #SEE_BELOW}), then {@value #INTERLEAVING_START}
     *         and the interleaving ({@link Interleaving#of}, at most {@value Interleaving#MAX_LINES} lines)
     */
    public static void check(ModelChecker checker, String operations) {
        checker.counterexample().ifPresent(report -> {
            throw new AssertionFailedError(COUNTEREXAMPLE + " of " + operations
                    + " whose results no one-at-a-time order of the same operations gives (a race: an"
                    + " unsynchronized check-then-act or read-modify-write); " + SEE_BELOW + "\n"
                    + INTERLEAVING_START + "\n" + Interleaving.of(report));
        });
    }
}
