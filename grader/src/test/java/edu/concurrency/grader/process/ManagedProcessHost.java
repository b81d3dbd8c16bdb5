package edu.concurrency.grader.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that starts a managed {@code sleep $SLEEP_TAG} (the tag comes from the environment, so
 * that only the sleep's command line names it), prints "started", and waits to be terminated:
 * for {@link ManagedProcessTest}'s test of the shutdown hook.
 */
public final class ManagedProcessHost {
    private ManagedProcessHost() {
    }

    public static void main(String[] args) throws Exception {
        ManagedProcess.start(List.of("sleep", System.getenv("SLEEP_TAG")), Path.of("."), Map.of(), 1024);
        System.out.println("started");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM
    }
}
