package edu.concurrency.grader.suites.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * One task running on its own named daemon thread, started by {@link Workers}: wait for it with a
 * deadline, get its result, or get what it threw, exactly as the task threw it.
 *
 * @param <T> the type of the task's result
 */
public final class Worker<T> {

    private final Workers owner;
    private final FutureTask<T> task;
    private final Thread thread;

    Worker(Workers owner, FutureTask<T> task, Thread thread) {
        this.owner = owner;
        this.task = task;
        this.thread = thread;
    }

    /** @return the thread that runs the task */
    public Thread thread() {
        return thread;
    }

    /** @return whether the task has returned or thrown */
    public boolean isDone() {
        return task.isDone();
    }

    /**
     * Waits until the task has returned or thrown.
     *
     * @param timeout the longest time to wait
     * @return true if the task is done, false on timeout (or if the caller is interrupted: its
     *     interrupt flag is then set again)
     */
    public boolean await(Duration timeout) {
        try {
            task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return task.isDone();
        } catch (ExecutionException | CancellationException e) {
            // done, with a failure
        }
        return true;
    }

    /**
     * Waits until the task is done, for as long as it makes progress: a slow but working
     * submission gets time, a stuck one is detected after {@code stall}.
     *
     * @param progress a counter the test's own code (a handler, a source) increments whenever the
     *                 submission makes progress
     * @param stall    the longest time without progress
     * @param limit    the longest time in total
     * @return true if the task is done; false if it made no progress for {@code stall}, or
     *     {@code limit} passed
     */
    public boolean awaitProgressing(LongSupplier progress, Duration stall, Duration limit) {
        long start = System.nanoTime();
        long last = progress.getAsLong();
        long lastChange = start;
        long step = Math.max(1, Math.min(stall.toNanos() / 10, TimeUnit.MILLISECONDS.toNanos(50)));
        while (!await(Duration.ofNanos(step))) {
            long now = System.nanoTime();
            long current = progress.getAsLong();
            if (current != last) {
                last = current;
                lastChange = now;
            } else if (now - lastChange >= stall.toNanos()) {
                return false;
            }
            if (now - start >= limit.toNanos() || Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits for the task and returns its result, or fails with a hang message.
     *
     * @param timeout     the longest time to wait
     * @param hangMessage what a hang means, hazard first, for example {@code "Lost wakeup: expected
     *                    take() to return after a put"}; the time waited and (on a second line)
     *                    where the thread is blocked are appended
     * @return the task's result
     * @throws AssertionError on timeout; the thread is then interrupted
     * @throws Exception      whatever the task threw, unwrapped (an exception of submission code
     *                        keeps its stack trace, so the runner can point at the student's line)
     */
    public T get(Duration timeout, String hangMessage) throws Exception {
        if (!await(timeout)) {
            AssertionError hang = owner.hang(hangMessage + " (waited " + Threads.format(timeout) + ")", List.of(thread));
            thread.interrupt();
            throw hang;
        }
        return result();
    }

    /**
     * The result of a finished task.
     *
     * @return the task's result
     * @throws IllegalStateException if the task is not done yet
     * @throws Exception             whatever the task threw, unwrapped
     */
    public T result() throws Exception {
        if (!task.isDone()) {
            throw new IllegalStateException(thread.getName() + " has not finished yet");
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * What the finished task threw.
     *
     * @return the throwable, or null if the task returned normally or is not done yet
     */
    public Throwable failure() {
        if (!task.isDone()) {
            return null;
        }
        try {
            task.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | CancellationException e) {
            return e;
        }
    }

    @Override
    public String toString() {
        return Threads.describe(thread, owner.exercisePackage());
    }
}
