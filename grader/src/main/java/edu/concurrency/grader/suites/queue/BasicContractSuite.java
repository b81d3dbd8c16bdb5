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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code queue.basic}: the single-threaded contract of {@code BoundedBuffer}.
 *
 * <p>FIFO order (also when the elements wrap around the end of an array), {@code capacity()},
 * {@code size()}, IllegalArgumentException for a capacity below 1, NullPointerException for a null
 * element, and the non-blocking forms: {@code offer} on a full buffer returns false and {@code
 * poll} on an empty one returns null without waiting; a timeout &lt;= 0 means no wait.
 *
 * <p>Every test body runs on a separate thread with a deadline of 5 s (scaled): a call that
 * blocks where it must not (an {@code offer} implemented with {@code put}, a {@code
 * poll(0, unit)} that calls {@code wait(0)}, which waits for ever) fails with where it is blocked
 * instead of hanging the grader.
 */
@DisplayName("BoundedBuffer: FIFO order, capacity, size, argument checks, non-blocking offer/poll")
public class BasicContractSuite {

    private static final String PKG = "edu.concurrency.queue";

    private final GradingEnvironment env = GradingEnvironment.current();
    private final Workers workers = new Workers(PKG);

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    /** The call the test body is making now, for the hang message. */
    private final AtomicReference<String> step = new AtomicReference<>("the first call");

    /**
     * Runs a test body on a worker thread: a call that blocks where it must not fails the test
     * after 5 s (scaled), naming the call (see {@link #promptly}) and where it is blocked.
     */
    private void guarded(Workers.Task body) throws Exception {
        Duration deadline = env.scaled(Duration.ofSeconds(5));
        Worker<Void> worker = workers.run("caller", body);
        if (!worker.await(deadline)) {
            throw workers.hang("Blocking where it must not: expected " + step.get() + " to return at once (waited "
                    + Threads.format(deadline) + ")", List.of(worker.thread()));
        }
        worker.result();
    }

    /** Makes a call that must return at once; only valid inside {@link #guarded}. */
    private <T> T promptly(String call, Callable<T> action) throws Exception {
        step.set(call);
        return action.call();
    }

    private void promptlyRun(String call, Workers.Task action) throws Exception {
        promptly(call, () -> {
            action.run();
            return null;
        });
    }

    /** Runs a call that must throw {@code type} at once. */
    private void assertRejects(Class<? extends Throwable> type, String call, Callable<?> action) throws Exception {
        Object result;
        try {
            result = promptly(call, action);
        } catch (AssertionError hang) {
            throw hang;
        } catch (Exception | Error e) {
            if (type.isInstance(e)) {
                return;
            }
            throw new AssertionError(call + " must throw " + type.getSimpleName() + ", but it threw " + e, e);
        }
        fail(call + " must throw " + type.getSimpleName() + ", but it returned"
                + (result == null || result instanceof BoundedBuffer ? " normally" : " " + result));
    }

    /** Takes all elements out with poll(), in order; at most capacity + 1 polls. */
    private <E> List<E> drain(BoundedBuffer<E> buffer) throws Exception {
        List<E> out = new ArrayList<>();
        for (int i = 0; i <= buffer.capacity(); i++) {
            E e = promptly("poll()", buffer::poll);
            if (e == null) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    @Test
    @DisplayName("a capacity below 1 is rejected with IllegalArgumentException")
    void rejectsCapacityBelowOne() throws Exception {
        guarded(() -> {
            for (int capacity : new int[] {0, -1, Integer.MIN_VALUE}) {
                assertRejects(IllegalArgumentException.class, "new BoundedBuffer<>(" + capacity + ")",
                        () -> new BoundedBuffer<String>(capacity));
            }
        });
    }

    @Test
    @DisplayName("capacity() returns the constructor's capacity and size() counts the elements")
    void reportsCapacityAndSize() throws Exception {
        guarded(() -> {
            BoundedBuffer<String> buffer = new BoundedBuffer<>(3);
            assertThat(promptly("capacity()", buffer::capacity)).as("capacity() of new BoundedBuffer<>(3)").isEqualTo(3);
            assertThat(promptly("size()", buffer::size)).as("size() of a new buffer").isZero();
            promptlyRun("put(\"a\") into an empty buffer", () -> buffer.put("a"));
            assertThat(promptly("size()", buffer::size)).as("size() after put(\"a\")").isEqualTo(1);
            assertThat(promptly("offer(\"b\")", () -> buffer.offer("b"))).as("offer(\"b\") with 1 of 3 slots used").isTrue();
            promptlyRun("put(\"c\") with 2 of 3 slots used", () -> buffer.put("c"));
            assertThat(promptly("size()", buffer::size)).as("size() after three elements were added").isEqualTo(3);
            assertThat(promptly("capacity()", buffer::capacity)).as("capacity() of a full buffer").isEqualTo(3);
            promptly("take() from a full buffer", buffer::take);
            assertThat(promptly("size()", buffer::size)).as("size() after take() from a full buffer of 3").isEqualTo(2);
            promptly("poll()", buffer::poll);
            promptly("take()", buffer::take);
            assertThat(promptly("size()", buffer::size)).as("size() after all elements were taken").isZero();
            assertThat(promptly("capacity()", buffer::capacity)).as("capacity() of an emptied buffer").isEqualTo(3);
            assertThat(new BoundedBuffer<String>(1).capacity()).as("capacity() of new BoundedBuffer<>(1)").isEqualTo(1);
        });
    }

    @Test
    @DisplayName("elements come out in the order they went in (FIFO), also across the end of the internal array")
    void firstInFirstOut() throws Exception {
        guarded(() -> {
            BoundedBuffer<Integer> buffer = new BoundedBuffer<>(4);
            for (int i = 1; i <= 4; i++) {
                int e = i;
                promptlyRun("put(" + e + ") with free space", () -> buffer.put(e));
            }
            List<Integer> taken = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                taken.add(promptly("take() from a non-empty buffer", buffer::take));
            }
            assertThat(taken).as("FIFO order broken: put(1), put(2), put(3), put(4), then take() four times")
                    .containsExactly(1, 2, 3, 4);

            // Capacity 3 and many more elements: the positions wrap around, mixing all four forms.
            BoundedBuffer<Integer> ring = new BoundedBuffer<>(3);
            List<Integer> out = new ArrayList<>();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int e = i;
                if (i % 2 == 0) {
                    promptlyRun("put(" + e + ") with free space", () -> ring.put(e));
                } else {
                    assertThat(promptly("offer(" + e + ")", () -> ring.offer(e)))
                            .as("offer(%d) on a buffer of capacity 3 with free space", e).isTrue();
                }
                if (i >= 2) {
                    out.add(i % 3 == 0 ? promptly("take() from a non-empty buffer", ring::take)
                            : promptly("poll() from a non-empty buffer", ring::poll));
                    expected.add(i - 2);
                }
            }
            out.addAll(drain(ring));
            expected.add(18);
            expected.add(19);
            assertThat(out).as("FIFO order broken on a buffer of capacity 3 after 20 elements went through"
                    + " (the positions must wrap around)").containsExactlyElementsOf(expected);
        });
    }

    @Test
    @DisplayName("a null element is rejected with NullPointerException by put, offer and timed offer, and not stored")
    void rejectsNull() throws Exception {
        guarded(() -> {
            BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
            assertRejects(NullPointerException.class, "put(null) on an empty buffer", () -> {
                buffer.put(null);
                return null;
            });
            assertRejects(NullPointerException.class, "offer(null) on an empty buffer", () -> buffer.offer(null));
            assertRejects(NullPointerException.class, "offer(null, 1, SECONDS) on an empty buffer",
                    () -> buffer.offer(null, 1, TimeUnit.SECONDS));
            assertThat(promptly("size()", buffer::size)).as("size() after put(null), offer(null) and"
                    + " offer(null, 1, SECONDS) were rejected (nothing may be stored)").isZero();
            promptlyRun("put(\"a\")", () -> buffer.put("a"));
            assertThat(drain(buffer)).as("contents after the null elements were rejected and put(\"a\")")
                    .containsExactly("a");
        });
    }

    @Test
    @DisplayName("offer returns false on a full buffer and poll returns null on an empty one, without waiting")
    void nonBlockingFormsDoNotWait() throws Exception {
        guarded(() -> {
            BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
            assertThat(this.<String>promptly("poll() on an empty buffer", buffer::poll)).as("poll() on an empty buffer").isNull();
            assertThat(promptly("offer(\"a\") on an empty buffer", () -> buffer.offer("a"))).as("offer(\"a\") on an empty buffer").isTrue();
            assertThat(promptly("offer(\"b\")", () -> buffer.offer("b"))).as("offer(\"b\") with 1 of 2 slots used").isTrue();
            assertThat(promptly("offer(\"c\") on a full buffer", () -> buffer.offer("c")))
                    .as("offer(\"c\") on a full buffer of capacity 2 must return false").isFalse();
            assertThat(promptly("size()", buffer::size)).as("size() after offer(\"c\") was refused").isEqualTo(2);
            assertThat(this.<String>promptly("poll()", buffer::poll)).as("poll() after offer(\"a\"), offer(\"b\")").isEqualTo("a");
            assertThat(this.<String>promptly("poll()", buffer::poll)).as("second poll() after offer(\"a\"), offer(\"b\")").isEqualTo("b");
            assertThat(this.<String>promptly("poll() on an emptied buffer", buffer::poll)).as("poll() on an emptied buffer").isNull();
            assertThat(promptly("size()", buffer::size)).as("size() after poll() on an empty buffer").isZero();
        });
    }

    @Test
    @DisplayName("a timeout <= 0 means no wait: timed offer/poll return false/null at once, or succeed when they can")
    void nonPositiveTimeoutMeansNoWait() throws Exception {
        guarded(() -> {
            BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
            assertThat(timed("offer(\"a\", 0, MILLISECONDS) on an empty buffer", () -> buffer.offer("a", 0, TimeUnit.MILLISECONDS)))
                    .as("offer(\"a\", 0, MILLISECONDS) on an empty buffer must succeed").isTrue();
            for (long timeout : new long[] {0, -5}) {
                for (TimeUnit unit : new TimeUnit[] {TimeUnit.NANOSECONDS, TimeUnit.MILLISECONDS, TimeUnit.SECONDS}) {
                    String call = "offer(\"b\", " + timeout + ", " + unit + ") on a full buffer";
                    assertThat(timed(call, () -> buffer.offer("b", timeout, unit))).as(call + " must return false").isFalse();
                }
            }
            assertThat(timed("poll(0, MILLISECONDS) on a full buffer", () -> buffer.poll(0, TimeUnit.MILLISECONDS)))
                    .as("poll(0, MILLISECONDS) on a buffer holding \"a\" must return it").isEqualTo("a");
            for (long timeout : new long[] {0, -5}) {
                for (TimeUnit unit : new TimeUnit[] {TimeUnit.NANOSECONDS, TimeUnit.MILLISECONDS, TimeUnit.SECONDS}) {
                    String call = "poll(" + timeout + ", " + unit + ") on an empty buffer";
                    assertThat(timed(call, () -> buffer.poll(timeout, unit))).as(call + " must return null").isNull();
                }
            }
            assertThat(promptly("size()", buffer::size)).as("size() after the refused timed offers and polls").isZero();
        });
    }

    /** A timed call with a timeout {@code <= 0}: must return at once and must not throw. */
    private <T> T timed(String call, Callable<T> action) throws Exception {
        try {
            return promptly(call + " (a timeout <= 0 means no wait)", action);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception | Error e) {
            return fail(call + " must return at once (a timeout <= 0 means no wait), but it threw " + e, e);
        }
    }
}
