package edu.concurrency.grader.suites.support;

import edu.concurrency.grader.fork.HangError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * The threads of one test: starts tasks on named daemon threads in a thread group of its own, and
 * on {@link #close()} interrupts every thread still alive in that group. Threads that submission
 * code starts from a worker join the same group, so {@link #liveThreads()} also finds threads a
 * submission started and did not stop.
 *
 * <p>Use it with try-with-resources, so that stragglers are interrupted however the test ends:
 * <pre>{@code
 * try (Workers workers = new Workers("edu.concurrency.queue")) {
 *     Worker<String> taker = workers.start("taker", buffer::take);
 *     ...
 *     String item = taker.get(env.scaled(Duration.ofSeconds(5)), "Lost wakeup: expected take() to return after a put");
 * }
 * }</pre>
 *
 * <p>Thread names become part of the feedback ({@code taker WAITING on ...}); avoid the prefixes
 * {@code grader-} and {@code junit-}, which the runner ignores when it looks for threads a
 * criterion left behind.
 */
public final class Workers implements AutoCloseable {

    /** A task that returns nothing and may throw. */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs the task.
         *
         * @throws Exception anything; {@link Worker#get} rethrows it
         */
        void run() throws Exception;
    }

    private final String exercisePackage;
    private final ThreadGroup group;
    private final Duration closeGrace;

    /**
     * A new group of worker threads; {@link #close()} gives interrupted stragglers 1 s (scaled)
     * to end.
     *
     * @param exercisePackage the package whose stack frames descriptions prefer, e.g.
     *                        {@code edu.concurrency.queue}
     */
    public Workers(String exercisePackage) {
        this(exercisePackage, GradingEnvironment.current().scaled(Duration.ofSeconds(1)));
    }

    /**
     * A new group of worker threads.
     *
     * @param exercisePackage the package whose stack frames descriptions prefer
     * @param closeGrace      how long {@link #close()} waits for interrupted stragglers to end
     */
    public Workers(String exercisePackage, Duration closeGrace) {
        this.exercisePackage = Objects.requireNonNull(exercisePackage);
        this.closeGrace = Objects.requireNonNull(closeGrace);
        this.group = new ThreadGroup("workers-of-" + Thread.currentThread().getName());
    }

    /** @return the package whose stack frames descriptions prefer */
    public String exercisePackage() {
        return exercisePackage;
    }

    /**
     * Starts a task that returns a result on a new daemon thread of this group.
     *
     * @param name the thread's name, shown in feedback (e.g. {@code consumer-2})
     * @param task the task
     * @param <T>  the type of the task's result
     * @return the started worker
     */
    public <T> Worker<T> start(String name, Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = new Thread(group, future, name);
        thread.setDaemon(true);
        Worker<T> worker = new Worker<>(this, future, thread);
        thread.start();
        return worker;
    }

    /**
     * Starts a task without a result on a new daemon thread of this group.
     *
     * @param name the thread's name, shown in feedback
     * @param task the task
     * @return the started worker
     */
    public Worker<Void> run(String name, Task task) {
        return start(name, () -> {
            task.run();
            return null;
        });
    }

    /**
     * Runs a call on a new thread named {@code caller} and waits for it: for calls that must not
     * block, or that may hang in a broken submission.
     *
     * @param timeout     the longest time to wait
     * @param hangMessage what a hang means, hazard first; time and blocked thread are appended
     * @param call        the call
     * @param <T>         the type of the call's result
     * @return the call's result
     * @throws AssertionError on timeout (the caller thread is interrupted)
     * @throws Exception      whatever the call threw, unwrapped
     */
    public <T> T call(Duration timeout, String hangMessage, Callable<T> call) throws Exception {
        return start("caller", call).get(timeout, hangMessage);
    }

    /**
     * Every live thread of this group: the workers and the threads they started.
     *
     * @return the live threads, in no particular order
     */
    public List<Thread> liveThreads() {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n;
        while ((n = group.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        List<Thread> alive = new ArrayList<>();
        for (Thread thread : Arrays.asList(threads).subList(0, n)) {
            if (thread.isAlive()) {
                alive.add(thread);
            }
        }
        return alive;
    }

    /**
     * Waits until every thread of this group (workers and the threads they started) has
     * terminated.
     *
     * @param timeout the longest time to wait
     * @return true if none is alive any more
     * @throws InterruptedException if the calling thread is interrupted
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> alive;
        while (!(alive = liveThreads()).isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !Threads.joinAll(alive, Duration.ofNanos(left))) {
                return liveThreads().isEmpty();
            }
        }
        return true;
    }

    /**
     * Describes threads for feedback, preferring frames of the exercise's package.
     *
     * @param threads the threads
     * @return see {@link Threads#describe(Collection, String)}
     */
    public String describe(Collection<? extends Thread> threads) {
        return Threads.describe(threads, exercisePackage);
    }

    /**
     * A failure for threads that should have finished but did not.
     *
     * @param message what was expected, hazard first (the first line of the feedback)
     * @param threads the threads that are still alive
     * @return a {@link HangError} whose message continues on a second line with where each thread
     *     is, and whose cause carries the stack of the first thread in submission code (for the
     *     runner's file:line)
     */
    public HangError hang(String message, Collection<? extends Thread> threads) {
        String text = message + System.lineSeparator()
                + (threads.size() == 1 ? "Still alive: " : threads.size() + " threads still alive: ")
                + describe(threads);
        Thread inSubmission = Threads.firstIn(threads, exercisePackage);
        return new HangError(text, inSubmission == null ? null : Threads.stackOf(inSubmission, exercisePackage));
    }

    /** Interrupts every live thread of this group, then waits a short grace period for them to end. */
    @Override
    public void close() {
        if (liveThreads().isEmpty()) {
            return;
        }
        group.interrupt();
        boolean interrupted = Thread.interrupted();
        try {
            awaitTermination(closeGrace);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
