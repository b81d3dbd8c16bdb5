package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;
import java.io.File;
import java.util.concurrent.CountDownLatch;

/**
 * Makes its worker hard to end: the first call starts a child process ({@code sleep 600}, a
 * grandchild of the pipeline) and installs a shutdown hook that never finishes, so the worker's
 * JVM cannot exit normally once its stdin closes (System.exit and SIGTERM both run the hook).
 * Only SIGKILL ends it. Returns the grandchild's pid.
 */
public final class StubbornStage implements Stage {
    private Process grandchild;

    @Override
    public synchronized String apply(String input) throws Exception {
        if (grandchild == null) {
            grandchild = new ProcessBuilder("sleep", "600")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(new File("/dev/null"))
                    .start();
            CountDownLatch never = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                while (true) {
                    try {
                        never.await();
                    } catch (InterruptedException ignored) {
                        // keep the JVM from exiting
                    }
                }
            }, "stubborn-shutdown-hook"));
        }
        return Long.toString(grandchild.pid());
    }
}
