package edu.concurrency.grader.jcstress;

import java.io.Closeable;
import java.io.IOException;

/**
 * The part of a jcstress invocation that needs the machine to itself: its forks, whose two actors
 * must run on two CPUs at once to interleave. The host JVM's start-up before them (JVM start, the
 * test list, the check of the JVM configuration: about 1 s, measured on 2 cores) does not, and runs
 * beside other work; see {@link JcstressRunner}.
 */
public interface MachineTurn {
    /**
     * Called before each invocation's host JVM starts, whose start-up shares the machine with
     * other gradings' work (the default does nothing).
     *
     * @throws IOException when the machine cannot be shared (say, the lock file cannot be locked)
     */
    default void beforeStart() throws IOException {
    }

    /**
     * Waits until this grading has the machine alone; called once the host JVM waits for its
     * forks' go.
     *
     * @return the turn; closing it gives the machine back
     * @throws IOException          when the turn cannot be taken (say, the lock file cannot be locked)
     * @throws InterruptedException when the grading is interrupted while it waits
     */
    Closeable take() throws IOException, InterruptedException;
}
