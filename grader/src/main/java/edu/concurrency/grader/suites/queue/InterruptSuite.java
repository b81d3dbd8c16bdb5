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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code queue.interrupts}: a thread interrupted while waiting in {@code put}, {@code
 * take}, timed {@code offer} or timed {@code poll} throws InterruptedException within 2 s (scaled),
 * with its interrupt flag cleared (the JDK convention: the exception reports the interrupt), and
 * the buffer is unchanged. A thread that is already interrupted when it calls one of these methods
 * on a full (empty) buffer throws at once.
 *
 * <p>A submission that swallows the interrupt keeps the thread waiting; after the failure the test
 * releases it by making space or adding an element, so that no thread is left behind.
 */
@DisplayName("BoundedBuffer: an interrupted wait throws InterruptedException and changes nothing")
public class InterruptSuite {

    private static final String PKG = "edu.concurrency.queue";

    /**
     * Longest time an interrupted wait may take to throw: a correct one reacts within microseconds;
     * this only has to outlast scheduling delays of a loaded machine.
     */
    private static final Duration REACTION = Duration.ofSeconds(2);

    private final GradingEnvironment env = GradingEnvironment.current();
    private final Workers workers = new Workers(PKG);

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    /** A blocking call of the buffer. */
    @FunctionalInterface
    private interface BlockingCall {
        Object call() throws InterruptedException;
    }

    /** How a blocking call ended on the worker: what it returned or threw, and the flag after it. */
    private record Outcome(Object returned, InterruptedException thrown, boolean flagAfter) {
    }

    private Duration deadline() {
        return env.scaled(Duration.ofSeconds(5));
    }

    private <T> T promptly(String call, Callable<T> action) throws Exception {
        return workers.call(deadline(), "Blocking where it must not: expected " + call + " to return at once", action);
    }

    private Worker<Outcome> startCall(String name, boolean interruptFirst, BlockingCall call) {
        return workers.start(name, () -> {
            if (interruptFirst) {
                Thread.currentThread().interrupt();
            }
            try {
                Object returned = call.call();
                return new Outcome(returned, null, Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                return new Outcome(null, e, Thread.currentThread().isInterrupted());
            }
        });
    }

    /**
     * Interrupts a call blocked on the buffer (or lets an already interrupted call run) and checks
     * that it throws InterruptedException promptly, with the flag cleared.
     *
     * @param release makes the blocked call able to complete, to free a thread that swallowed the
     *                interrupt
     */
    private void expectInterrupted(String call, boolean interruptFirst, BlockingCall blocking, Workers.Task release)
            throws Exception {
        Worker<Outcome> worker = startCall("waiter", interruptFirst, blocking);
        try {
            String situation;
            if (interruptFirst) {
                situation = call + ", called with the interrupt flag already set,";
            } else {
                Threads.awaitWaitingOrTerminated(worker.thread(), env.scaled(Duration.ofMillis(BlockingSuite.SETTLE_MILLIS)));
                if (worker.isDone()) {
                    Outcome early = worker.result();
                    fail(call + " must wait, but it returned " + early.returned() + " before it was interrupted");
                }
                worker.thread().interrupt();
                situation = call + ", interrupted while waiting,";
            }
            Outcome outcome = worker.get(env.scaled(REACTION), "Swallowed interrupt: expected " + situation
                    + " to throw InterruptedException");
            if (outcome.thrown() == null) {
                fail("Swallowed interrupt: " + situation + " must throw InterruptedException, but it returned "
                        + outcome.returned());
            }
            if (outcome.flagAfter()) {
                fail("Interrupt flag not cleared: after " + situation + " threw InterruptedException, the thread's"
                        + " interrupt flag was still set; the JDK convention is that the exception reports (and so"
                        + " clears) the interrupt: do not call interrupt() again before throwing", outcome.thrown());
            }
        } finally {
            if (!worker.isDone()) {
                // A swallowed interrupt: let the call complete so that the thread can end.
                try {
                    promptly("releasing " + call, () -> {
                        release.run();
                        return null;
                    });
                } catch (Exception | AssertionError ignored) {
                    // the test has failed already; Workers.close() interrupts what is left
                }
            }
        }
    }

    private static List<String> drain(BoundedBuffer<String> buffer) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= buffer.capacity(); i++) {
            String e = buffer.poll();
            if (e == null) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    private BoundedBuffer<String> full() throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
        promptly("put(\"a\"), put(\"b\") into an empty buffer of capacity 2", () -> {
            buffer.put("a");
            buffer.put("b");
            return null;
        });
        return buffer;
    }

    private void assertStillFull(BoundedBuffer<String> buffer, String call) throws Exception {
        assertThat(promptly("size()", buffer::size)).as("Buffer changed by an interrupted call: size() after " + call
                + " was interrupted").isEqualTo(2);
        assertThat(promptly("poll() twice", () -> drain(buffer))).as("Buffer changed by an interrupted call: contents after " + call
                + " was interrupted on a full buffer holding \"a\", \"b\"")
                .containsExactly("a", "b");
    }

    private void assertStillEmptyAndWorking(BoundedBuffer<String> buffer, String call) throws Exception {
        assertThat(promptly("size()", buffer::size)).as("Buffer changed by an interrupted call: size() after " + call
                + " was interrupted on an empty buffer").isZero();
        assertThat(promptly("offer(\"z\")", () -> buffer.offer("z"))).as("offer(\"z\") after " + call
                + " was interrupted on an empty buffer").isTrue();
        assertThat(promptly("poll()", () -> drain(buffer))).as("contents after " + call
                + " was interrupted on an empty buffer and offer(\"z\")").containsExactly("z");
    }

    @Test
    @DisplayName("put on a full buffer: interrupt -> InterruptedException, flag cleared, buffer unchanged")
    void interruptedPut() throws Exception {
        BoundedBuffer<String> buffer = full();
        String call = "put(\"c\") on a full buffer";
        expectInterrupted(call, false, () -> {
            buffer.put("c");
            return null;
        }, buffer::poll);
        assertStillFull(buffer, call);
    }

    @Test
    @DisplayName("take on an empty buffer: interrupt -> InterruptedException, flag cleared, buffer unchanged")
    void interruptedTake() throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
        String call = "take() on an empty buffer";
        expectInterrupted(call, false, buffer::take, () -> buffer.offer("release"));
        assertStillEmptyAndWorking(buffer, call);
    }

    @Test
    @DisplayName("timed offer on a full buffer: interrupt -> InterruptedException, flag cleared, buffer unchanged")
    void interruptedTimedOffer() throws Exception {
        BoundedBuffer<String> buffer = full();
        String call = "offer(\"c\", 1, MINUTES) on a full buffer";
        expectInterrupted(call, false, () -> buffer.offer("c", 1, TimeUnit.MINUTES), buffer::poll);
        assertStillFull(buffer, call);
    }

    @Test
    @DisplayName("timed poll on an empty buffer: interrupt -> InterruptedException, flag cleared, buffer unchanged")
    void interruptedTimedPoll() throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
        String call = "poll(1, MINUTES) on an empty buffer";
        expectInterrupted(call, false, () -> buffer.poll(1, TimeUnit.MINUTES), () -> buffer.offer("release"));
        assertStillEmptyAndWorking(buffer, call);
    }

    @Test
    @DisplayName("a thread already interrupted throws InterruptedException at once from put/offer on a full buffer")
    void alreadyInterruptedOnFull() throws Exception {
        BoundedBuffer<String> buffer = full();
        expectInterrupted("put(\"c\") on a full buffer", true, () -> {
            buffer.put("c");
            return null;
        }, buffer::poll);
        assertStillFull(buffer, "put(\"c\")");
        BoundedBuffer<String> other = full();
        expectInterrupted("offer(\"c\", 1, MINUTES) on a full buffer", true,
                () -> other.offer("c", 1, TimeUnit.MINUTES), other::poll);
        assertStillFull(other, "offer(\"c\", 1, MINUTES)");
    }

    @Test
    @DisplayName("a thread already interrupted throws InterruptedException at once from take/poll on an empty buffer")
    void alreadyInterruptedOnEmpty() throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
        expectInterrupted("take() on an empty buffer", true, buffer::take, () -> buffer.offer("release"));
        assertStillEmptyAndWorking(buffer, "take()");
        expectInterrupted("poll(1, MINUTES) on an empty buffer", true, () -> buffer.poll(1, TimeUnit.MINUTES),
                () -> buffer.offer("release"));
        assertStillEmptyAndWorking(buffer, "poll(1, MINUTES)");
    }
}
