package edu.concurrency.grader.process;

import java.util.concurrent.CountDownLatch;

/**
 * A JVM that starts {@code sleep $SLEEP_TAG}, watches its parent with {@link ParentWatch} (as the
 * grader's forks and jcstress host do), prints "watching PID", and waits: for {@link ParentWatchTest}.
 */
public final class ParentWatchHost {
    private ParentWatchHost() {
    }

    public static void main(String[] args) throws Exception {
        new ProcessBuilder("sleep", System.getenv("SLEEP_TAG")).start();
        ParentWatch.start(() -> ParentWatch.killDescendantsAndHalt(94));
        System.out.println("watching " + ProcessHandle.current().pid());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
