package edu.concurrency.grader.fork;

/**
 * A timing check's verdict that no other attempt can change: the measurement missed its
 * threshold by far, while a reference measured in the same run shows that the machine could have
 * met it (for example a pipeline with a speedup of 1.0x where threads of the same work reached
 * 1.9x). Thrown by the suites; the fork does not try the criterion again, as after a
 * {@link HangError}. A miss near the threshold, or on a busy machine, is a plain
 * {@link AssertionError}, which another attempt may pass.
 */
public final class ClearMiss extends AssertionError {
    private static final long serialVersionUID = 1L;

    /** @param message the feedback: what was measured, against which threshold */
    public ClearMiss(String message) {
        super(message);
    }
}
