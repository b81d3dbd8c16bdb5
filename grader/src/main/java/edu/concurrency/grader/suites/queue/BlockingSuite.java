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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code queue.blocking}: {@code put} blocks while the buffer is full and {@code take}
 * while it is empty, and both resume when the other side makes progress.
 *
 * <p>"Blocks" is checked by behaviour only: the blocked call must not return (or throw) before the
 * other side acts. The test gives the thread the chance to block by waiting until it is seen
 * waiting (WAITING, TIMED_WAITING or BLOCKED) or has finished, at most {@value #SETTLE_MILLIS} ms
 * (scaled). How a thread waits is judged by {@code queue.no-busy-wait}, not here: a buffer that
 * waits badly (sleep-polling, spinning) still blocks and resumes correctly.
 */
@DisplayName("BoundedBuffer: put blocks while full, take blocks while empty, and both resume")
public class BlockingSuite {

    private static final String PKG = "edu.concurrency.queue";
    /** Longest time given to a thread to block in a call before checking it has not returned. */
    static final long SETTLE_MILLIS = 500;

    private final GradingEnvironment env = GradingEnvironment.current();
    private final Workers workers = new Workers(PKG);

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    private Duration deadline() {
        return env.scaled(Duration.ofSeconds(5));
    }

    private <T> T promptly(String call, Callable<T> action) throws Exception {
        return workers.call(deadline(), "Blocking where it must not: expected " + call + " to return at once", action);
    }

    /** Waits until the worker blocked (or finished), then fails if it finished. */
    private void assertBlocks(Worker<?> worker, String call) {
        Threads.awaitWaitingOrTerminated(worker.thread(), env.scaled(Duration.ofMillis(SETTLE_MILLIS)));
        if (worker.isDone()) {
            Throwable thrown = worker.failure();
            fail(call + " must block, but it " + (thrown == null ? "returned" : "threw " + thrown), thrown);
        }
    }

    /** The result of a worker that ran concurrently with others; an exception is a race condition. */
    private static <T> T resultOf(Worker<T> worker, String call) throws Exception {
        Throwable thrown = worker.failure();
        if (thrown != null) {
            throw new AssertionError("Race condition: " + call + " on " + worker.thread().getName() + " threw " + thrown
                    + " when several threads were woken at once." + System.lineSeparator() + "Typical cause: a woken"
                    + " thread that does not re-check its condition (if instead of while around wait())", thrown);
        }
        return worker.result();
    }

    @Test
    @DisplayName("put blocks while the buffer is full and resumes after a take")
    void putBlocksWhileFullAndResumesAfterTake() throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
        promptly("put(\"a\") into an empty buffer of capacity 1", () -> {
            buffer.put("a");
            return null;
        });
        Worker<Void> producer = workers.run("producer", () -> buffer.put("b"));
        assertBlocks(producer, "put(\"b\") on a full buffer of capacity 1");
        assertThat(promptly("size()", buffer::size)).as("size() while put(\"b\") waits on a full buffer of capacity 1")
                .isEqualTo(1);
        assertThat(this.<String>promptly("take() from a full buffer", buffer::take))
                .as("take() from a buffer holding \"a\" while put(\"b\") waits").isEqualTo("a");
        producer.get(deadline(), "Lost wakeup: expected put(\"b\"), blocked on a full buffer, to return after take() made space");
        assertThat(promptly("size()", buffer::size)).as("size() after the blocked put(\"b\") completed").isEqualTo(1);
        assertThat(this.<String>promptly("take()", buffer::take)).as("take() after the blocked put(\"b\") completed")
                .isEqualTo("b");
    }

    @Test
    @DisplayName("take blocks while the buffer is empty and resumes after a put, returning that element")
    void takeBlocksWhileEmptyAndResumesAfterPut() throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
        Worker<String> consumer = workers.start("consumer", buffer::take);
        assertBlocks(consumer, "take() on an empty buffer");
        assertThat(promptly("size()", buffer::size)).as("size() while take() waits on an empty buffer").isZero();
        promptly("put(\"x\") into an empty buffer", () -> {
            buffer.put("x");
            return null;
        });
        String taken = consumer.get(deadline(), "Lost wakeup: expected take(), blocked on an empty buffer, to return after put(\"x\")");
        assertThat(taken).as("element returned by the blocked take() after put(\"x\")").isEqualTo("x");
        assertThat(promptly("size()", buffer::size)).as("size() after the blocked take() got \"x\"").isZero();
    }

    @Test
    @DisplayName("several takers blocked on an empty buffer are all released by as many puts")
    void severalBlockedTakersAreAllReleased() throws Exception {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(2);
        List<Worker<Integer>> takers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Worker<Integer> taker = workers.start("taker-" + i, buffer::take);
            assertBlocks(taker, "take() on an empty buffer (" + taker.thread().getName() + ")");
            takers.add(taker);
        }
        Worker<Void> producer = workers.run("producer", () -> {
            for (int i = 0; i < 4; i++) {
                buffer.put(i);
            }
        });
        List<Thread> threads = new ArrayList<>();
        takers.forEach(t -> threads.add(t.thread()));
        threads.add(producer.thread());
        if (!Threads.joinAll(threads, deadline())) {
            throw workers.hang("Lost wakeup: expected 4 takers blocked on an empty buffer (capacity 2) to return after"
                    + " a producer put 4 elements, within " + Threads.format(deadline()),
                    threads.stream().filter(Thread::isAlive).toList());
        }
        resultOf(producer, "put()");
        List<Integer> taken = new ArrayList<>();
        for (Worker<Integer> taker : takers) {
            taken.add(resultOf(taker, "take()"));
        }
        assertThat(taken).as("elements returned by the 4 takers released by put(0) .. put(3)")
                .containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(promptly("size()", buffer::size)).as("size() after 4 puts and 4 takes").isZero();
    }

    @Test
    @DisplayName("several producers blocked on a full buffer are all released by as many takes")
    void severalBlockedPuttersAreAllReleased() throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
        promptly("put(\"a\"), put(\"b\") into an empty buffer of capacity 2", () -> {
            buffer.put("a");
            buffer.put("b");
            return null;
        });
        List<Worker<Void>> putters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String element = "p" + i;
            Worker<Void> putter = workers.run("producer-" + i, () -> buffer.put(element));
            assertBlocks(putter, "put(\"" + element + "\") on a full buffer (" + putter.thread().getName() + ")");
            putters.add(putter);
        }
        Worker<List<String>> consumer = workers.start("consumer", () -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                out.add(buffer.take());
            }
            return out;
        });
        List<Thread> threads = new ArrayList<>();
        putters.forEach(p -> threads.add(p.thread()));
        threads.add(consumer.thread());
        if (!Threads.joinAll(threads, deadline())) {
            throw workers.hang("Lost wakeup: expected 4 producers blocked on a full buffer (capacity 2) to return after"
                    + " a consumer took 6 elements, within " + Threads.format(deadline()),
                    threads.stream().filter(Thread::isAlive).toList());
        }
        for (Worker<Void> putter : putters) {
            resultOf(putter, "put()");
        }
        List<String> taken = resultOf(consumer, "take()");
        assertThat(taken).as("elements taken after \"a\", \"b\" were put and 4 producers blocked").hasSize(6);
        assertThat(taken.subList(0, 2)).as("FIFO: the first two elements taken").containsExactly("a", "b");
        assertThat(taken.subList(2, 6)).as("elements of the 4 released producers")
                .containsExactlyInAnyOrder("p0", "p1", "p2", "p3");
        assertThat(promptly("size()", buffer::size)).as("size() after 6 puts and 6 takes").isZero();
    }
}
