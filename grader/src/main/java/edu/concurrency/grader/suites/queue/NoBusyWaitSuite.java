package edu.concurrency.grader.suites.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import edu.concurrency.grader.suites.support.GradingEnvironment;
import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.grader.suites.support.Worker;
import edu.concurrency.grader.suites.support.Workers;
import edu.concurrency.queue.BoundedBuffer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code queue.no-busy-wait}: a thread blocked in {@code take()} on an empty buffer or
 * in {@code put()} on a full one waits without using the CPU.
 *
 * <p>Once the blocked thread was first seen WAITING (or after {@value #SETTLE_MILLIS} ms, scaled,
 * if it never is), it is observed for {@value #WINDOW_MILLIS} ms: its state every
 * {@value #SAMPLE_INTERVAL_MILLIS} ms, how often it started a new wait or sleep
 * ({@link ThreadInfo#getWaitedCount()}: its wakeups) and its CPU time
 * ({@link ThreadMXBean#getThreadCpuTime}). The test fails for
 * <ul>
 *   <li>busy waiting: more than {@value #MAX_OTHER_PERCENT} % of the samples RUNNABLE or BLOCKED
 *       (a spinning thread), or {@value #MAX_CPU_MILLIS} ms of CPU or more;</li>
 *   <li>sleep-polling: more than {@value #MAX_WAKEUPS} wakeup ({@code Thread.sleep}, {@code
 *       wait(timeout)} or {@code awaitNanos} in a loop wake up every few milliseconds).</li>
 * </ul>
 * A thread that waits to be woken is WAITING in every sample and wakes up never (the tolerances
 * only absorb a rare spurious wakeup). A thread in one timed wait without wakeups (a {@code take()}
 * implemented as {@code poll(Long.MAX_VALUE, NANOSECONDS)}) is correct too; it is watched for
 * {@value #LONG_WINDOW_MILLIS} ms more, and must not wake up at all then: that catches a timer that
 * fires only every second or so. Neither
 * the window nor the CPU limit is scaled: load slows a spinning thread down, but never makes a
 * waiting one wake up or use CPU.
 */
@DisplayName("BoundedBuffer: a blocked thread is WAITING and uses no CPU")
public class NoBusyWaitSuite {

    private static final String PKG = "edu.concurrency.queue";
    /** Longest time (scaled) for the thread to reach WAITING before the samples start anyway. */
    static final long SETTLE_MILLIS = 1000;
    /** Length of the sampling window, in ms (not scaled: it measures, it does not wait for anything). */
    static final long WINDOW_MILLIS = 200;
    /** Interval between two samples of the thread state, in ms. */
    static final long SAMPLE_INTERVAL_MILLIS = 2;
    /** Samples that may show another state than WAITING, in percent. */
    static final int MAX_OTHER_PERCENT = 5;
    /** CPU time the waiting thread may use during the window, in ms. */
    static final long MAX_CPU_MILLIS = 20;
    /** Times the waiting thread may wake up during the window (a rare spurious wakeup). */
    static final long MAX_WAKEUPS = 1;
    /** Length of the longer window for a thread in a timed wait, in ms. */
    static final long LONG_WINDOW_MILLIS = 1000;

    private final GradingEnvironment env = GradingEnvironment.current();
    private final Workers workers = new Workers(PKG);

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    private <T> T promptly(String call, Callable<T> action) throws Exception {
        return workers.call(env.scaled(Duration.ofSeconds(5)),
                "Blocking where it must not: expected " + call + " to return at once", action);
    }

    @Test
    @DisplayName("a thread blocked in take() on an empty buffer is WAITING and uses no CPU")
    void blockedTakeWaits(TestReporter reporter) throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
        Worker<String> taker = workers.start("taker", buffer::take);
        try {
            observe(taker, "take() on an empty buffer", reporter, "take");
        } finally {
            promptly("offer(\"x\") to release the taker", () -> buffer.offer("x"));
        }
        assertThat(taker.get(env.scaled(Duration.ofSeconds(5)),
                "Lost wakeup: expected take(), blocked on an empty buffer, to return after offer(\"x\")"))
                .as("take() after offer(\"x\")").isEqualTo("x");
    }

    @Test
    @DisplayName("a thread blocked in put() on a full buffer is WAITING and uses no CPU")
    void blockedPutWaits(TestReporter reporter) throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
        promptly("put(\"a\") into an empty buffer", () -> {
            buffer.put("a");
            return null;
        });
        Worker<Void> putter = workers.run("producer", () -> buffer.put("b"));
        try {
            observe(putter, "put(\"b\") on a full buffer", reporter, "put");
        } finally {
            promptly("poll() to release the producer", buffer::poll);
        }
        putter.get(env.scaled(Duration.ofSeconds(5)),
                "Lost wakeup: expected put(\"b\"), blocked on a full buffer, to return after poll() made space");
    }

    /** What a window of observation saw. */
    private record Window(Map<Thread.State, Integer> states, int samples, long wakeups, long cpuMillis, long nanos,
                          String example) {
        int count(Thread.State state) {
            return states.getOrDefault(state, 0);
        }

        /** Samples in which the thread ran or wanted to run (RUNNABLE, BLOCKED). */
        int running() {
            return samples - count(Thread.State.WAITING) - count(Thread.State.TIMED_WAITING);
        }

        @Override
        public String toString() {
            return states.entrySet().stream().map(e -> e.getKey() + " in " + e.getValue())
                    .collect(Collectors.joining(", ")) + " of " + samples + " samples over "
                    + Threads.format(Duration.ofNanos(nanos)) + ", woke up " + wakeups + " times"
                    + (cpuMillis >= 0 ? ", used " + cpuMillis + " ms of CPU" : "");
        }
    }

    /** Samples the state, the wakeups and the CPU time of a thread that should be waiting in {@code call}. */
    private void observe(Worker<?> worker, String call, TestReporter reporter, String key) throws Exception {
        Thread thread = worker.thread();
        Threads.awaitState(thread, env.scaled(Duration.ofMillis(SETTLE_MILLIS)), Thread.State.WAITING, Thread.State.TERMINATED);
        assertStillWaiting(worker, call);
        Window window = sample(thread, WINDOW_MILLIS);
        assertStillWaiting(worker, call);
        long allowedWakeups = MAX_WAKEUPS;
        if (window.running() * 100 <= window.samples() * MAX_OTHER_PERCENT && window.wakeups() <= MAX_WAKEUPS
                && window.count(Thread.State.TIMED_WAITING) * 100 > window.samples() * MAX_OTHER_PERCENT) {
            // A timed wait without wakeups so far: a very long timeout is fine, a timer that fires
            // every second or so is polling. Watch longer to tell them apart.
            window = sample(thread, LONG_WINDOW_MILLIS);
            assertStillWaiting(worker, call);
            allowedWakeups = 0;
        }
        reporter.publishEntry(key + ".observed", window.toString());
        String advice = System.lineSeparator() + "For example: " + window.example() + System.lineSeparator()
                + "Wait with wait()/notifyAll() or Condition.await()/signalAll(), without a timeout";
        if (window.running() * 100 > window.samples() * MAX_OTHER_PERCENT) {
            fail("Busy waiting: a thread blocked in " + call + " must wait until it is woken (state WAITING), but it"
                    + " was " + window + ": it keeps running to check again" + advice);
        }
        if (window.wakeups() > allowedWakeups) {
            fail("Sleep-polling: a thread blocked in " + call + " must wait until it is woken (state WAITING), but it"
                    + " was " + window + ": it keeps waking up on a timer to check again" + advice);
        }
        if (window.cpuMillis() >= MAX_CPU_MILLIS) {
            fail("Busy waiting: a thread blocked in " + call + " used " + window.cpuMillis() + " ms of CPU in "
                    + Threads.format(Duration.ofNanos(window.nanos())) + " (allowed: less than " + MAX_CPU_MILLIS
                    + " ms); it was " + window + advice);
        }
    }

    private void assertStillWaiting(Worker<?> worker, String call) throws Exception {
        if (worker.isDone()) {
            fail(call + " must wait until the buffer changes, but it "
                    + (worker.failure() == null ? "returned " + worker.result() : "threw " + worker.failure()),
                    worker.failure());
        }
    }

    private Window sample(Thread thread, long millis) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpuTime = mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled();
        long cpuBefore = cpuTime ? mx.getThreadCpuTime(thread.getId()) : -1;
        long waitsBefore = waitedCount(mx, thread);
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        Map<Thread.State, Integer> counts = new EnumMap<>(Thread.State.class);
        String example = null;
        int samples = 0;
        while (System.nanoTime() - end < 0) {
            Thread.State state = thread.getState();
            counts.merge(state, 1, Integer::sum);
            samples++;
            if (state != Thread.State.WAITING && example == null) {
                example = workers.describe(List.of(thread));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SAMPLE_INTERVAL_MILLIS));
        }
        long nanos = System.nanoTime() - start;
        long cpuAfter = cpuTime ? mx.getThreadCpuTime(thread.getId()) : -1;
        long waitsAfter = waitedCount(mx, thread);
        long cpuMillis = cpuBefore >= 0 && cpuAfter >= 0 ? TimeUnit.NANOSECONDS.toMillis(cpuAfter - cpuBefore) : -1;
        long wakeups = waitsBefore >= 0 && waitsAfter >= 0 ? waitsAfter - waitsBefore : 0;
        return new Window(counts, samples, wakeups, cpuMillis, nanos,
                example == null ? workers.describe(List.of(thread)) : example);
    }

    /** How often the thread started to wait or sleep so far (ThreadInfo.getWaitedCount), or -1. */
    private static long waitedCount(ThreadMXBean mx, Thread thread) {
        ThreadInfo info = mx.getThreadInfo(thread.getId());
        return info == null ? -1 : info.getWaitedCount();
    }
}
