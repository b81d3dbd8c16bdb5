package edu.concurrency.grader.suites.queue;

import edu.concurrency.grader.suites.support.GradingEnvironment;
import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.grader.suites.support.TrackedSource;
import edu.concurrency.grader.suites.support.Worker;
import edu.concurrency.grader.suites.support.Workers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;

/**
 * What the ProducerConsumer suites share: the grading environment, the threads a check starts
 * ({@link Workers}, whose thread group also holds every thread {@code run} starts), and the
 * sources a check hands to {@code run}, all closed after each check.
 */
abstract class ProducerConsumerSuite {
    /** The exercise's package, for locating the submission's frames. */
    static final String PKG = "edu.concurrency.queue";

    /** Longest time without progress in a call of run, in seconds before scaling. */
    static final long STALL_SECONDS = 3;
    /**
     * Longest time of a call of run, in seconds before scaling; a correct run takes milliseconds.
     * Below the runner's per-test timeout (half the criterion's watchdog of 60 s).
     */
    static final long LIMIT_SECONDS = 20;

    final GradingEnvironment env = GradingEnvironment.current();
    final Workers workers = new Workers(PKG);
    private final List<TrackedSource<?>> sources = new ArrayList<>();

    @AfterEach
    void stop() {
        sources.forEach(TrackedSource::close);
        workers.close();
    }

    /** A finite source of {@code size} elements, closed after the check. */
    <T> TrackedSource<T> finite(long size, LongFunction<T> element) {
        return track(TrackedSource.finite(size, element));
    }

    /** An endless source, closed after the check. */
    <T> TrackedSource<T> infinite(LongFunction<T> element) {
        return track(TrackedSource.infinite(element));
    }

    /** Elements pulled so far from every source of the check. */
    long pulled() {
        return sources.stream().mapToLong(TrackedSource::pulled).sum();
    }

    /**
     * Waits for {@code caller}, a thread running {@code run} with no failing source or handler,
     * while it makes progress (elements pulled or handled): a slow submission gets time, a stuck one
     * fails after {@value #STALL_SECONDS} s (scaled) without progress, or {@value #LIMIT_SECONDS} s
     * (scaled) in all, with all its threads described (see {@link #stalled}).
     *
     * @param call    the call, as the feedback names it
     * @param handled elements handed to the handler so far
     * @return what run returned
     * @throws AssertionError when run hangs, or throws although nothing failed
     */
    long awaitReturn(Worker<Long> caller, String call, LongSupplier handled) throws Exception {
        Duration stall = env.scaled(Duration.ofSeconds(STALL_SECONDS));
        Duration limit = env.scaled(Duration.ofSeconds(LIMIT_SECONDS));
        long start = System.nanoTime();
        if (!caller.awaitProgressing(() -> handled.getAsLong() + pulled(), stall, limit)) {
            throw workers.hang(System.nanoTime() - start >= limit.toNanos()
                    ? "Too slow: expected " + call + " to return within " + Threads.format(limit) + " (handler called "
                    + handled.getAsLong() + " times)"
                    : stalled(call, stall, handled.getAsLong()), workers.liveThreads());
        }
        if (caller.failure() instanceof ExecutionException failed) {
            throw new AssertionError(call + " threw " + failed + ", although no source and no handler failed;"
                    + " its cause: " + failed.getCause(), failed);
        }
        return caller.result();
    }

    /**
     * What a run that stopped making progress shows. When every source is exhausted, every
     * element pulled was handled and no thread waits for a lock another one holds, nothing is left
     * to do but to stop, so the threads were never told to stop (a consumer left in take: a missing
     * poison pill); otherwise the threads wait for each other (a deadlock) or for a signal that was
     * lost.
     *
     * @param call    the call, as the feedback names it
     * @param stall   how long it made no progress
     * @param handled elements handed to the handler so far
     */
    private String stalled(String call, Duration stall, long handled) {
        if (!waitForALock() && sources.stream().allMatch(TrackedSource::exhausted) && handled == pulled()) {
            return "Threads never stopped: every source was exhausted and all " + handled + " elements were handled,"
                    + " but " + call + " did not return (no progress for " + Threads.format(stall) + "). A consumer"
                    + " still waits in take for an element that will never come, and run waits for it: stop every"
                    + " consumer (one poison pill per consumer, or an interrupt)";
        }
        return "Deadlock or lost wakeup: expected " + call + " to return, but it made no progress for "
                + Threads.format(stall) + " (handler called " + handled + " times)";
    }

    /**
     * Whether a thread of the check waits for a lock (a monitor, or a lock such as ReentrantLock)
     * that a thread holds: then locks are part of the stall. A thread in {@code Object.wait} or
     * {@code Condition.await} released its lock and names no owner ({@link ThreadInfo#getLockOwnerId()}).
     */
    boolean waitForALock() {
        long[] ids = workers.liveThreads().stream().mapToLong(Thread::getId).toArray();
        return ids.length > 0 && Arrays.stream(ManagementFactory.getThreadMXBean().getThreadInfo(ids))
                .anyMatch(info -> info != null && info.getLockOwnerId() != -1);
    }

    /** Closes {@code source} after the check. */
    <T> TrackedSource<T> track(TrackedSource<T> source) {
        sources.add(source);
        return source;
    }
}
