package edu.concurrency.grader.fork;

import java.util.List;
import java.util.Map;

/**
 * The line that starts a JVM started ahead of its turn ({@link ForkPlan#awaitsGo()}): what was
 * judged while it waited, which its plan could not know yet. Sent as one line of JSON on the JVM's
 * stdin, after the signing key.
 *
 * @param notPassed     criteria judged before that did not pass, with the first line of their
 *                      feedback (see {@link ForkPlan#notPassed()})
 * @param stalledBefore where earlier criteria stalled in the submission's code (see
 *                      {@link ForkPlan#stalledBefore()})
 */
public record ForkGo(Map<String, String> notPassed, List<String> stalledBefore) {

    /** The longest go line a JVM reads, in bytes: far more than any real one. */
    public static final int MAX_BYTES = 1 << 20;

    public ForkGo {
        notPassed = notPassed == null ? Map.of() : Map.copyOf(notPassed);
        stalledBefore = stalledBefore == null ? List.of() : List.copyOf(stalledBefore);
    }
}
