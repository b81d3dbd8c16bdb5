package edu.concurrency.grader.runner;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** What a task of the grading run on another thread (a lane, jcstress) found, its failures rethrown as the caller's own. */
final class TaskResults {
    private TaskResults() {
    }

    /**
     * Waits for {@code task} and returns its result.
     *
     * @throws IOException          the task's own
     * @throws InterruptedException the task's own, or when the caller is interrupted while it waits
     * @throws RuntimeException     the task's own
     * @throws Error                the task's own
     */
    static <T> T get(Future<T> task) throws IOException, InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
