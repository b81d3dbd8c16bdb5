package edu.concurrency.grader.fork;

/**
 * A check's verdict that the submission hangs: threads that should have finished (or a call that
 * should have returned) made no progress. Thrown by the suites; after it, none of the criterion's
 * remaining checks runs (the suites' {@code StopAfterHang}), and the fork does not try the
 * criterion again (a hang is no timing miss that another attempt could pass).
 */
public final class HangError extends AssertionError {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the feedback, hazard first
     * @param cause   what locates the hang in the submission's code (a stack of one of its
     *                threads), or null
     */
    public HangError(String message, Throwable cause) {
        super(message, cause);
    }
}
