package edu.concurrency.grader.suites.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import edu.concurrency.grader.suites.support.GradingEnvironment;
import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.grader.suites.support.Worker;
import edu.concurrency.grader.suites.support.Workers;
import edu.concurrency.queue.BoundedBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code queue.timed}: timed {@code offer}/{@code poll} wait at most their timeout in
 * total, summed over all wakeups, and succeed as soon as space or an element arrives.
 *
 * <p><b>Wakeups that do not satisfy the waiter.</b> A timed poller waits on an empty buffer
 * together with {@value #COMPETITORS} untimed takers that started waiting before it. At
 * {@code 25 %, 50 %, 75 %} of the poller's timeout a feeder puts an element and at once polls it
 * back: every waiter is woken, but the element is gone (to the feeder or a taker) before the
 * poller can get it. The feeder does both while holding the buffer's monitor, which makes this
 * certain for a buffer that synchronizes on itself and does no harm to any other (the takers make
 * it likely there). A correct poller waits again for what is left of its timeout and returns null
 * at {@code timeout}. A poller that restarts its full timeout after each wakeup returns at
 * {@code 175 %} of it or later; one that gives up after the first wakeup returns at about
 * {@code 25 %}. Only rounds in which the poller got null are measured (it may win an element;
 * then the round is repeated). The same with a timed offer on a full buffer, untimed putters, and a
 * feeder that takes an element and at once refills the slot.
 *
 * <p><b>Bounds.</b> The elapsed time must lie in {@code [timeout - }{@value #EARLY_TOLERANCE_MILLIS}
 * {@code  ms, timeout + }{@value #SLACK_MILLIS}{@code  ms]}, all scaled by the timeout factor
 * together with the timeout and the wakeup moments (so the gap to the buggy results scales too).
 * Returning early is never caused by load, so every measured round must respect the lower bound
 * (the tolerance only allows for a solution that computes its deadline with
 * {@code currentTimeMillis}). Returning late can be caused by a loaded machine (a woken thread
 * waits for a core), so the upper bound is "best of up to {@value #MEASURED_ROUNDS} measured
 * rounds": a restarting timeout is late in every round, load is not. The slack of
 * {@value #SLACK_MILLIS} ms stays below the {@code 0.75 * timeout = 300 ms} by which a restarting
 * timeout overshoots.
 */
@DisplayName("BoundedBuffer: timed offer/poll wait at most the timeout in total, across wakeups")
public class TimedWaitSuite {

    private static final String PKG = "edu.concurrency.queue";

    /** Timeout of the rounds with wakeups, in ms before scaling. */
    static final long TIMEOUT_MILLIS = 400;
    /** Timeout of the rounds without other threads, in ms before scaling. */
    static final long PLAIN_TIMEOUT_MILLIS = 200;
    /** When the feeder wakes the waiter, as fractions of the timeout. */
    private static final double[] WAKEUPS = {0.25, 0.5, 0.75};
    /** Untimed takers (putters) competing with the timed poller (offerer). */
    static final int COMPETITORS = 3;
    /** Allowed lateness, in ms before scaling. */
    static final long SLACK_MILLIS = 250;
    /** Allowed earliness, in ms before scaling. */
    static final long EARLY_TOLERANCE_MILLIS = 10;
    /** Measured rounds (waiter timed out) before a late result counts as a failure. */
    static final int MEASURED_ROUNDS = 3;
    /** Rounds at most, measured or not. */
    private static final int MAX_ROUNDS = 6;

    private final GradingEnvironment env = GradingEnvironment.current();
    private final Workers workers = new Workers(PKG);

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    /** One timed call: what it returned and how long it took. */
    private record Timed(Object result, long nanos) {
    }

    /** Runs one round and returns the timed call's outcome. */
    @FunctionalInterface
    private interface RoundRunner {
        Timed run() throws Exception;
    }

    private Duration deadline() {
        return env.scaled(Duration.ofSeconds(5));
    }

    private <T> T promptly(String call, Callable<T> action) throws Exception {
        return workers.call(deadline(), "Blocking where it must not: expected " + call + " to return at once", action);
    }

    /**
     * Runs rounds until one measured round (the waiter timed out) lies within the bounds.
     *
     * @param call      the timed call, e.g. {@code poll(400, MILLISECONDS) on an empty buffer}
     * @param wakeups   whether other threads woke the waiter in between (for the messages)
     * @param timeout   the scaled timeout of the call
     * @param failValue what the call returns on timeout (null or false)
     */
    private void judge(String call, boolean wakeups, Duration timeout, Object failValue, RoundRunner runner,
                       TestReporter reporter, String key) throws Exception {
        long lower = timeout.toNanos() - env.scaled(Duration.ofMillis(EARLY_TOLERANCE_MILLIS)).toNanos();
        long upper = timeout.toNanos() + env.scaled(Duration.ofMillis(SLACK_MILLIS)).toNanos();
        String bounds = "expected between " + Threads.format(Duration.ofNanos(lower)) + " and "
                + Threads.format(Duration.ofNanos(upper));
        String context = wakeups ? ", while other threads woke it " + WAKEUPS.length
                + " times without leaving it an element/slot" : "";
        List<Long> measured = new ArrayList<>();
        for (int round = 1; round <= MAX_ROUNDS && measured.size() < MEASURED_ROUNDS; round++) {
            Timed outcome = runner.run();
            if (!java.util.Objects.equals(outcome.result(), failValue)) {
                continue; // the waiter got an element or a slot: nothing to measure
            }
            long nanos = outcome.nanos();
            if (nanos < lower) {
                fail("Returned early: " + call + " returned " + failValue + " after "
                        + Threads.format(Duration.ofNanos(nanos)) + context + " (" + bounds + ")."
                        + System.lineSeparator() + "A wakeup that brings no " + (failValue == null ? "element" : "space")
                        + " does not end the wait: wait again for the time that is left of the timeout");
            }
            measured.add(nanos);
            if (nanos <= upper) {
                reporter.publishEntry(key + ".elapsed.ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(nanos)));
                reporter.publishEntry(key + ".allowed.ms", TimeUnit.NANOSECONDS.toMillis(lower) + ".."
                        + TimeUnit.NANOSECONDS.toMillis(upper));
                reporter.publishEntry(key + ".rounds", Integer.toString(round));
                return;
            }
        }
        if (measured.isEmpty()) {
            Assumptions.abort("could not judge " + call + ": in " + MAX_ROUNDS
                    + " rounds the waiter always got an element or a slot");
        }
        String times = measured.stream().map(n -> Threads.format(Duration.ofNanos(n))).collect(Collectors.joining(", "));
        fail("Timeout exceeded: " + call + " returned " + failValue + " only after " + times + context
                + " (" + bounds + ")." + System.lineSeparator()
                + (wakeups ? "The timeout limits the whole wait: after a wakeup, wait only for the time that is left"
                + " (compute a deadline once, then wait for deadline - now), not for the full timeout again"
                : "Wait for the given timeout in the given unit (convert it, e.g. unit.toNanos(timeout))"));
    }

    private static void parkUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** Awaits each worker waiting (or done), so that the competitors wait before the timed waiter. */
    private void settle(List<? extends Worker<?>> competitors) {
        for (Worker<?> w : competitors) {
            Threads.awaitWaitingOrTerminated(w.thread(), env.scaled(Duration.ofMillis(BlockingSuite.SETTLE_MILLIS)));
        }
    }

    @Test
    @DisplayName("timed poll on an empty buffer returns null after its timeout")
    void timedPollTimesOut(TestReporter reporter) throws Exception {
        Duration timeout = env.scaled(Duration.ofMillis(PLAIN_TIMEOUT_MILLIS));
        String call = "poll(" + timeout.toMillis() + ", MILLISECONDS) on an empty buffer";
        judge(call, false, timeout, null, () -> {
            BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
            Timed t = workers.start("poller", () -> {
                long start = System.nanoTime();
                String result = buffer.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Timed(result, System.nanoTime() - start);
            }).get(timeout.plus(deadline()), "Timeout not respected: expected " + call + " to return null after "
                    + Threads.format(timeout));
            if (t.result() != null) {
                fail(call + " returned " + t.result() + ", but nothing was ever added");
            }
            return t;
        }, reporter, "poll");
    }

    @Test
    @DisplayName("timed offer on a full buffer returns false after its timeout (also in MICROSECONDS)")
    void timedOfferTimesOut(TestReporter reporter) throws Exception {
        Duration timeout = env.scaled(Duration.ofMillis(PLAIN_TIMEOUT_MILLIS));
        long micros = TimeUnit.NANOSECONDS.toMicros(timeout.toNanos());
        String call = "offer(\"c\", " + micros + ", MICROSECONDS) on a full buffer";
        judge(call, false, timeout, false, () -> {
            BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
            promptly("offer(\"a\") on an empty buffer", () -> buffer.offer("a"));
            Timed t = workers.start("offerer", () -> {
                long start = System.nanoTime();
                boolean result = buffer.offer("c", micros, TimeUnit.MICROSECONDS);
                return new Timed(result, System.nanoTime() - start);
            }).get(timeout.plus(deadline()), "Timeout not respected: expected " + call + " to return false after "
                    + Threads.format(timeout));
            if (!Boolean.FALSE.equals(t.result())) {
                fail(call + " returned " + t.result() + ", but the buffer stayed full");
            }
            assertThat(this.<String>promptly("poll()", buffer::poll)).as("contents after " + call + " timed out")
                    .isEqualTo("a");
            return t;
        }, reporter, "offer");
    }

    @Test
    @DisplayName("timed poll waits at most its timeout in total, also when woken by puts whose elements others take")
    void timedPollCountsTheTimeoutAcrossWakeups(TestReporter reporter) throws Exception {
        Duration timeout = env.scaled(Duration.ofMillis(TIMEOUT_MILLIS));
        String call = "poll(" + timeout.toMillis() + ", MILLISECONDS) on an empty buffer";
        judge(call, true, timeout, null, () -> pollRoundWithWakeups(timeout, call), reporter, "poll-with-wakeups");
    }

    @Test
    @DisplayName("timed offer waits at most its timeout in total, also when woken by takes whose space others fill")
    void timedOfferCountsTheTimeoutAcrossWakeups(TestReporter reporter) throws Exception {
        Duration timeout = env.scaled(Duration.ofMillis(TIMEOUT_MILLIS));
        String call = "offer(\"t\", " + timeout.toMillis() + ", MILLISECONDS) on a full buffer";
        judge(call, true, timeout, false, () -> offerRoundWithWakeups(timeout, call), reporter, "offer-with-wakeups");
    }

    private Timed pollRoundWithWakeups(Duration timeout, String call) throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
        try (Workers round = new Workers(PKG)) {
            List<Worker<String>> takers = new ArrayList<>();
            for (int i = 0; i < COMPETITORS; i++) {
                takers.add(round.start("taker-" + i, buffer::take));
            }
            settle(takers);
            AtomicLong start = new AtomicLong();
            CountDownLatch started = new CountDownLatch(1);
            Worker<Timed> poller = round.start("poller", () -> {
                long t0 = System.nanoTime();
                start.set(t0);
                started.countDown();
                String result = buffer.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Timed(result, System.nanoTime() - t0);
            });
            Worker<Void> feeder = round.run("feeder", () -> {
                started.await();
                for (int i = 0; i < WAKEUPS.length; i++) {
                    parkUntil(start.get() + (long) (WAKEUPS[i] * timeout.toNanos()));
                    // Take the element back at once: the poller is woken but finds nothing. Holding the
                    // buffer's monitor makes that certain for a buffer that synchronizes on itself;
                    // for any other buffer it changes nothing (the feeder then races the waiters).
                    synchronized (buffer) {
                        buffer.put("wakeup-" + i);
                        buffer.poll();
                    }
                }
            });
            Timed outcome = poller.get(timeout.plus(deadline()), "Timeout not respected: expected " + call
                    + " to return within its timeout of " + Threads.format(timeout));
            feeder.get(deadline(), "Blocking where it must not: expected put() into an empty buffer and poll() to return at once");
            release(takers, () -> buffer.offer("release"), round,
                    "Lost wakeup: expected takers blocked on an empty buffer to return once elements were added");
            return outcome;
        }
    }

    private Timed offerRoundWithWakeups(Duration timeout, String call) throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
        promptly("offer(\"full\") on an empty buffer", () -> buffer.offer("full"));
        try (Workers round = new Workers(PKG)) {
            List<Worker<Void>> putters = new ArrayList<>();
            for (int i = 0; i < COMPETITORS; i++) {
                String element = "p" + i;
                putters.add(round.run("producer-" + i, () -> buffer.put(element)));
            }
            settle(putters);
            AtomicLong start = new AtomicLong();
            CountDownLatch started = new CountDownLatch(1);
            Worker<Timed> offerer = round.start("offerer", () -> {
                long t0 = System.nanoTime();
                start.set(t0);
                started.countDown();
                boolean result = buffer.offer("t", timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Timed(result, System.nanoTime() - t0);
            });
            Worker<Void> feeder = round.run("feeder", () -> {
                started.await();
                for (int i = 0; i < WAKEUPS.length; i++) {
                    parkUntil(start.get() + (long) (WAKEUPS[i] * timeout.toNanos()));
                    synchronized (buffer) { // see pollRoundWithWakeups
                        buffer.poll();
                        buffer.offer("refill-" + i); // the offerer is woken but finds no space
                    }
                }
            });
            Timed outcome = offerer.get(timeout.plus(deadline()), "Timeout not respected: expected " + call
                    + " to return within its timeout of " + Threads.format(timeout));
            feeder.get(deadline(), "Blocking where it must not: expected poll() and offer() to return at once");
            release(putters, buffer::poll, round,
                    "Lost wakeup: expected producers blocked on a full buffer to return once elements were taken");
            return outcome;
        }
    }

    /** Lets blocked competitors finish by adding elements (taking them) until all are done. */
    private void release(List<? extends Worker<?>> competitors, Callable<?> step, Workers round, String hangMessage)
            throws Exception {
        long end = System.nanoTime() + deadline().toNanos();
        List<Thread> alive;
        while (!(alive = competitors.stream().map(Worker::thread).filter(Thread::isAlive).toList()).isEmpty()) {
            if (System.nanoTime() - end > 0) {
                throw round.hang(hangMessage + " (waited " + Threads.format(deadline()) + ")", alive);
            }
            step.call();
            Threads.joinAll(alive, Duration.ofMillis(2));
        }
        for (Worker<?> competitor : competitors) {
            competitor.result(); // rethrows what a competitor threw
        }
    }

    @Test
    @DisplayName("timed poll returns an element that arrives before its timeout, at once")
    void timedPollGetsAnElementThatArrives() throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
        Worker<String> poller = workers.start("poller", () -> buffer.poll(1, TimeUnit.MINUTES));
        Threads.awaitWaitingOrTerminated(poller.thread(), env.scaled(Duration.ofMillis(BlockingSuite.SETTLE_MILLIS)));
        if (poller.isDone()) {
            fail("poll(1, MINUTES) on an empty buffer must wait, but it returned " + poller.result());
        }
        promptly("put(\"x\") into an empty buffer", () -> {
            buffer.put("x");
            return null;
        });
        String got = poller.get(deadline(), "Lost wakeup: expected poll(1, MINUTES), waiting on an empty buffer, to"
                + " return the element put meanwhile at once");
        assertThat(got).as("poll(1, MINUTES) after put(\"x\")").isEqualTo("x");
        assertThat(promptly("size()", buffer::size)).as("size() after poll(1, MINUTES) got \"x\"").isZero();
    }

    @Test
    @DisplayName("timed offer uses space that appears before its timeout, at once")
    void timedOfferUsesSpaceThatAppears() throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
        promptly("put(\"a\") into an empty buffer", () -> {
            buffer.put("a");
            return null;
        });
        Worker<Boolean> offerer = workers.start("offerer", () -> buffer.offer("b", 1, TimeUnit.MINUTES));
        Threads.awaitWaitingOrTerminated(offerer.thread(), env.scaled(Duration.ofMillis(BlockingSuite.SETTLE_MILLIS)));
        if (offerer.isDone()) {
            fail("offer(\"b\", 1, MINUTES) on a full buffer must wait, but it returned " + offerer.result());
        }
        assertThat(this.<String>promptly("poll() on a full buffer", buffer::poll)).as("poll() on a buffer holding \"a\"")
                .isEqualTo("a");
        boolean accepted = offerer.get(deadline(), "Lost wakeup: expected offer(\"b\", 1, MINUTES), waiting on a full"
                + " buffer, to return at once when poll() made space");
        assertThat(accepted).as("offer(\"b\", 1, MINUTES) after poll() made space").isTrue();
        assertThat(this.<String>promptly("poll()", buffer::poll)).as("contents after offer(\"b\", 1, MINUTES) succeeded")
                .isEqualTo("b");
    }
}
