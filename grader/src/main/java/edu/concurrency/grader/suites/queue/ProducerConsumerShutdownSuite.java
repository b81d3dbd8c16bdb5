package edu.concurrency.grader.suites.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.grader.suites.support.TrackedSource;
import edu.concurrency.grader.suites.support.Worker;
import edu.concurrency.queue.ProducerConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code queue.pc.shutdown}: every thread {@code ProducerConsumer.run} starts has
 * terminated when it returns or throws; a failing handler or source, a null element, and an
 * interrupt of the caller stop every thread (also those blocked in {@code put} or {@code take})
 * and are reported as the contract says.
 *
 * <p>{@code run} is called on a thread of its own in a thread group of the test; the threads it
 * starts join that group, so the test knows all of them without relying on their names. After
 * {@code run} returns or throws they get {@value #GRACE_MILLIS} ms (scaled) to end: a thread that
 * is just leaving its {@code run()} (e.g. a pool worker after {@code awaitTermination}) passes, a
 * consumer left blocked in {@code take()} does not. Infinite sources are closed after each test, so
 * a run that does not stop its producers cannot keep them busy for ever.
 */
@DisplayName("ProducerConsumer: all threads end; failures and interrupts stop everything and propagate")
public class ProducerConsumerShutdownSuite extends ProducerConsumerSuite {

    /** Deadline for run to return or throw after a failure or an interrupt, in seconds before scaling. */
    static final long RUN_SECONDS = 5;
    /** Time the started threads get to end after run returned or threw, in ms before scaling. */
    static final long GRACE_MILLIS = 500;

    private <T> Worker<Long> start(List<? extends Iterable<? extends T>> list, int consumers, int capacity,
                                   Consumer<? super T> handler) {
        return workers.start("caller", () -> ProducerConsumer.run(list, consumers, capacity, handler));
    }

    /**
     * Waits for run to end; a hang fails with every thread of the test described. Run hangs here
     * when a thread it started was never told to stop, or ignores the stop, and the message names
     * those hazards, unless a thread waits for a lock that another one holds (a deadlock).
     */
    private void awaitEnd(Worker<Long> caller, String expectation) {
        Duration deadline = env.scaled(Duration.ofSeconds(RUN_SECONDS));
        if (!caller.await(deadline)) {
            throw workers.hang(waitForALock()
                    ? "Deadlock: expected " + expectation + " (waited " + Threads.format(deadline) + "), but run is"
                    + " still running, and its threads wait for locks that other threads hold: see who holds what"
                    : "Threads never stopped: expected " + expectation + " (waited "
                    + Threads.format(deadline) + "), but run is still running. A thread it started was not told to"
                    + " stop (a consumer left in take needs a poison pill or an interrupt), or it ignores the stop"
                    + " (a swallowed InterruptedException, a loop that never checks): see where each thread waits",
                    workers.liveThreads());
        }
    }

    /** Fails if a thread run started is still alive after the grace period. */
    private void assertAllThreadsEnded(Worker<Long> caller, String after) throws InterruptedException {
        Duration grace = env.scaled(Duration.ofMillis(GRACE_MILLIS));
        long end = System.nanoTime() + grace.toNanos();
        List<Thread> started;
        while (!(started = startedByRun(caller)).isEmpty() && System.nanoTime() - end < 0) {
            Threads.joinAll(started, Duration.ofMillis(5));
        }
        if (!started.isEmpty()) {
            throw workers.hang("Thread leak: " + after + ", but " + started.size() + " of the threads it started "
                    + (started.size() == 1 ? "is" : "are") + " still alive (" + Threads.format(grace)
                    + " later). run must stop and join every thread it starts before it returns or throws", started);
        }
    }

    private List<Thread> startedByRun(Worker<Long> caller) {
        return workers.liveThreads().stream().filter(t -> t != caller.thread()).toList();
    }

    /** Checks that run threw ExecutionException caused by {@code expected} (or of its type). */
    private void assertExecutionException(Worker<Long> caller, String situation, Throwable expected,
                                          Class<? extends Throwable> expectedType) throws Exception {
        Throwable thrown = caller.failure();
        String wanted = "ExecutionException caused by " + (expected != null ? "that exception"
                : expectedType == Exception.class ? "the failure (e.g. a NullPointerException)" : expectedType.getSimpleName());
        if (thrown == null) {
            fail(situation + ", run must throw " + wanted + ", but it returned " + caller.result());
        }
        if (!(thrown instanceof ExecutionException)) {
            fail(situation + ", run must throw " + wanted + ", but it threw " + thrown, thrown);
        }
        Throwable cause = thrown.getCause();
        if (expected != null ? cause != expected : !expectedType.isInstance(cause)) {
            fail(situation + ", run must throw " + wanted + " (the first failure), but its cause was " + cause,
                    thrown);
        }
    }

    /** Waits (at most 2 s, scaled) until each thread waits or has ended; fine if not. */
    private void awaitQuiet(Iterable<Thread> threads) {
        long end = System.nanoTime() + env.scaled(Duration.ofSeconds(2)).toNanos();
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                Threads.awaitWaitingOrTerminated(t, Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            }
        }
    }

    @Test
    @DisplayName("when run returns, every thread it started has terminated")
    void noThreadLeftAfterNormalRun() throws Exception {
        List<TrackedSource<Integer>> list = List.of(finite(50, i -> (int) i), finite(50, i -> (int) i),
                finite(50, i -> (int) i));
        AtomicInteger handled = new AtomicInteger();
        Worker<Long> caller = start(list, 3, 2, (Integer e) -> handled.incrementAndGet());
        long returned = awaitReturn(caller, "run(3 sources of 50 elements, consumers 3, capacity 2)", handled::get);
        assertAllThreadsEnded(caller, "run(3 sources of 50 elements, consumers 3, capacity 2) returned " + returned);
        assertThat(handled.get()).as("handler calls of run(3 sources of 50 elements, consumers 3, capacity 2)")
                .isEqualTo(150);
    }

    @Test
    @DisplayName("a handler that throws stops every thread, also producers blocked in put; run throws ExecutionException with it as the cause")
    void handlerFailureStopsBlockedProducers() throws Exception {
        List<TrackedSource<Integer>> list = List.of(infinite(i -> (int) i), infinite(i -> (int) i));
        RuntimeException boom = new IllegalStateException("handler failed on purpose (a test of the grader)");
        AtomicInteger calls = new AtomicInteger();
        Worker<Long> caller = start(list, 1, 1, (Integer e) -> {
            if (calls.incrementAndGet() == 1) {
                // let both producers fill the buffer and block in put
                List<Thread> producers = new ArrayList<>();
                list.forEach(s -> producers.addAll(s.readers()));
                awaitQuiet(producers);
                throw boom;
            }
        });
        String situation = "When the handler throws while producers are blocked in put (2 infinite sources, consumers 1,"
                + " capacity 1)";
        awaitEnd(caller, "run to stop every thread and throw ExecutionException after the handler threw,"
                + " while producers were blocked in put");
        assertAllThreadsEnded(caller, "run ended after the handler threw");
        assertExecutionException(caller, situation, boom, null);
    }

    @Test
    @DisplayName("a handler that throws stops every thread, also consumers blocked in take")
    void handlerFailureStopsBlockedConsumers() throws Exception {
        RuntimeException boom = new IllegalStateException("handler failed on purpose (a test of the grader)");
        Worker<Long> caller = start(List.of(finite(1, i -> 7)), 3, 1, (Integer e) -> {
            // let the other consumers block in take (or end, if the run told them to); the caller waits in run
            awaitQuiet(workers.liveThreads());
            throw boom;
        });
        awaitEnd(caller, "run to stop every thread and throw ExecutionException after the handler threw,"
                + " while other consumers were blocked in take");
        assertAllThreadsEnded(caller, "run ended after the handler threw");
        assertExecutionException(caller, "When the handler throws while other consumers wait in take (1 source of"
                + " 1 element, consumers 3, capacity 1)", boom, null);
    }

    @Test
    @DisplayName("a source that throws stops every thread; run throws ExecutionException with it as the cause")
    void sourceFailureStopsEverything() throws Exception {
        RuntimeException boom = new IllegalStateException("source failed on purpose (a test of the grader)");
        TrackedSource<Integer> failing = finite(10, i -> {
            if (i == 3) {
                throw boom;
            }
            return (int) i;
        });
        Worker<Long> caller = start(List.of(failing, infinite(i -> (int) i)), 2, 1, (Integer e) -> { });
        awaitEnd(caller, "run to stop every thread and throw ExecutionException after a source threw");
        assertAllThreadsEnded(caller, "run ended after a source threw");
        assertExecutionException(caller, "When a source throws (while another source is infinite, consumers 2,"
                + " capacity 1)", boom, null);
    }

    @Test
    @DisplayName("a null element counts as a failure: run stops every thread and throws ExecutionException")
    void nullElementIsAFailure() throws Exception {
        AtomicInteger nullsHandled = new AtomicInteger();
        TrackedSource<Integer> withNull = finite(5, i -> i == 2 ? null : (int) i);
        Worker<Long> caller = start(List.of(withNull, infinite(i -> (int) i)), 2, 1, (Integer e) -> {
            if (e == null) {
                nullsHandled.incrementAndGet();
            }
        });
        awaitEnd(caller, "run to stop every thread and throw ExecutionException after a source returned null");
        assertAllThreadsEnded(caller, "run ended after a source returned null");
        assertThat(nullsHandled.get()).as("handler calls with null (a null element must never reach the handler)")
                .isZero();
        // The contract does not name the exception for a null element (NullPointerException is usual).
        assertExecutionException(caller, "When a source returns a null element (while another source is infinite,"
                + " consumers 2, capacity 1)", null, Exception.class);
    }

    @Test
    @DisplayName("interrupting the caller stops every thread; run throws InterruptedException")
    void interruptStopsEverything() throws Exception {
        CountDownLatch busy = new CountDownLatch(20);
        Worker<Long> caller = start(List.of(infinite(i -> (int) i), infinite(i -> (int) i)), 2, 1,
                (Integer e) -> busy.countDown());
        if (!busy.await(env.scaled(Duration.ofSeconds(RUN_SECONDS)).toNanos(), TimeUnit.NANOSECONDS)) {
            throw workers.hang("Deadlock or lost wakeup: expected run(2 infinite sources, consumers 2, capacity 1)"
                    + " to hand 20 elements to the handler", workers.liveThreads());
        }
        Threads.awaitState(caller.thread(), env.scaled(Duration.ofSeconds(1)), Threads.WAITING_STATES);
        caller.thread().interrupt();
        awaitEnd(caller, "run to stop every thread and throw InterruptedException after its caller was interrupted");
        assertAllThreadsEnded(caller, "run ended after its caller was interrupted");
        Throwable thrown = caller.failure();
        if (!(thrown instanceof InterruptedException)) {
            fail("Swallowed interrupt: when the thread that called run is interrupted, run must stop every thread"
                    + " and throw InterruptedException, but it " + (thrown == null ? "returned " + caller.result()
                    : "threw " + thrown), thrown);
        }
    }
}
