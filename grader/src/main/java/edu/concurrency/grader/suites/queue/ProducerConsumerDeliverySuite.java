package edu.concurrency.grader.suites.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.grader.suites.support.TrackedSource;
import edu.concurrency.grader.suites.support.Worker;
import edu.concurrency.queue.ProducerConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code queue.pc.delivery}: {@code ProducerConsumer.run} hands every element to the
 * handler exactly once, on consumer threads, with handlers running concurrently, reads its
 * sources lazily, and returns exactly the number of elements handled (no lost update in its
 * count).
 *
 * <p>{@code run} is called on a thread of its own in a thread group of the test, so every thread
 * it starts is known. A {@code run} that makes no progress (no element pulled or handled) for
 * {@value ProducerConsumerSuite#STALL_SECONDS} s (scaled), or takes more than
 * {@value ProducerConsumerSuite#LIMIT_SECONDS} s (scaled), fails
 * with where each of those threads is blocked (for example consumers waiting for a poison pill that
 * never comes); a slow but working buffer (one that spins) gets the time it needs.
 */
@DisplayName("ProducerConsumer: every element handled exactly once, concurrently, sources read lazily")
public class ProducerConsumerDeliverySuite extends ProducerConsumerSuite {

    /** Calls run on a thread named caller and waits for it to return (see {@link #awaitReturn}). */
    private <T> long run(String call, List<? extends Iterable<? extends T>> sources, int consumers, int capacity,
                         Consumer<? super T> handler) throws Exception {
        AtomicLong handled = new AtomicLong();
        Consumer<T> counting = e -> {
            handled.incrementAndGet();
            handler.accept(e);
        };
        Worker<Long> caller = workers.start("caller", () -> ProducerConsumer.run(sources, consumers, capacity, counting));
        return awaitReturn(caller, call, handled::get);
    }

    /** Checks the value run returned: the number of elements handled. */
    private static void assertCount(String call, long returned, long expected) {
        if (returned != expected) {
            fail((returned < expected ? "Lost elements: " : "Wrong count: ") + call + " returned " + returned
                    + ", but the sources hold " + expected + " elements: run must return the number of handled"
                    + " elements, after every element was handled");
        }
    }

    @Test
    @DisplayName("every element of every source is handed to the handler exactly once, on a consumer thread, and counted")
    void everyElementExactlyOnce() throws Exception {
        long[] sizes = {120, 0, 200, 80};
        List<TrackedSource<Integer>> list = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            int base = s * 100_000;
            list.add(finite(sizes[s], i -> base + (int) i));
        }
        Map<Integer, Integer> handled = new ConcurrentHashMap<>();
        Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger nulls = new AtomicInteger();
        String call = "run(4 sources of 120/0/200/80 elements, consumers 3, capacity 2)";
        long returned = run(call, list, 3, 2, (Integer e) -> {
            handlerThreads.add(Thread.currentThread());
            if (e == null) {
                nulls.incrementAndGet();
            } else {
                handled.merge(e, 1, Integer::sum);
            }
        });
        assertThat(nulls.get()).as("the handler was called with null (no source contains null)").isZero();
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            for (int i = 0; i < sizes[s]; i++) {
                int count = handled.getOrDefault(s * 100_000 + i, 0);
                if (count == 0) {
                    lost.add("source " + s + "'s #" + i);
                } else if (count > 1) {
                    duplicated.add("source " + s + "'s #" + i + " (" + count + " times)");
                }
            }
        }
        if (!lost.isEmpty() || !duplicated.isEmpty()) {
            fail((lost.isEmpty() ? "" : "Lost elements: " + lost.size() + " of 400 elements were never handed to"
                    + " the handler, e.g. " + lost.stream().limit(3).collect(Collectors.joining(", ")) + ". ")
                    + (duplicated.isEmpty() ? "" : "Duplicated elements: " + duplicated.size()
                    + " were handed to the handler more than once, e.g. "
                    + duplicated.stream().limit(3).collect(Collectors.joining(", ")) + ". ")
                    + System.lineSeparator() + call + " returned " + returned
                    + ". Every element must be handled exactly once: consumers stop only after the buffer is drained");
        }
        assertCount(call, returned, 400);
        Set<Thread> producers = new HashSet<>();
        list.forEach(s -> producers.addAll(s.readers()));
        for (Thread t : handlerThreads) {
            if (t.getName().equals("caller")) {
                fail("The handler must run on consumer threads, but it ran on the thread that called run");
            }
            if (producers.contains(t)) {
                fail("The handler must run on consumer threads, but it ran on " + t.getName()
                        + ", a thread that also read a source (a producer)");
            }
        }
        assertThat(handlerThreads.size()).as("number of threads the handler ran on, with consumers = 3").isBetween(1, 3);
    }

    /** Most rounds of the count check; each moves {@value #COUNT_SOURCES} x {@value #COUNT_ELEMENTS} elements. */
    static final int COUNT_ROUNDS = 40;
    /**
     * Wall time of the count check's rounds, in milliseconds (not scaled: on a slow machine fewer
     * rounds, never a longer check); the round in progress is finished, and at least one runs.
     */
    static final long COUNT_BUDGET_MILLIS = 600;
    /** Sources (producers) per round of the count check. */
    static final int COUNT_SOURCES = 2;
    /** Elements per source in the count check: tiny and many, so that consumers finish them back to back. */
    static final int COUNT_ELEMENTS = 10_000;
    /** Consumers in the count check: more than cores, so that increments are interrupted half done too. */
    static final int COUNT_CONSUMERS = 8;
    /** Capacity in the count check: large enough that consumers seldom wait and run side by side. */
    static final int COUNT_CAPACITY = 64;

    /**
     * The returned count against the handler's own count, in rounds made to expose a lost update:
     * {@value #COUNT_CONSUMERS} consumers, {@value #COUNT_CAPACITY} slots and handlers that return
     * at once, so that consumers count elements back to back, on both cores. A shared counter
     * incremented without a lock ({@code volatile long n; n++}) loses increments: the test
     * submission {@code queue/pc-volatile-count} on 2 cores at load average 7-9 was caught in 4 of
     * 5 gradings (in round 1-8; the miss ran 25 rounds), with a 4-round limit in 3 of 5; the
     * reference runs about 26 rounds in the 0.6 s budget. Because a run can miss it, the same
     * mistake is also judged from the bytecode, in every grading, by the criterion
     * {@code queue.arch.atomic-updates} ({@code LostUpdateScan}).
     */
    @Test
    @DisplayName("run returns exactly the number of handler calls, also with 8 consumers counting back to back (no lost update)")
    void returnedCountMatchesTheHandlerCalls(TestReporter reporter) throws Exception {
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        int rounds = 0;
        long end = start + TimeUnit.MILLISECONDS.toNanos(COUNT_BUDGET_MILLIS);
        while (failures.isEmpty() && (rounds == 0 || (rounds < COUNT_ROUNDS && System.nanoTime() - end < 0))) {
            rounds++;
            List<TrackedSource<Integer>> list = new ArrayList<>();
            for (int s = 0; s < COUNT_SOURCES; s++) {
                list.add(finite(COUNT_ELEMENTS, i -> (int) i));
            }
            AtomicLong calls = new AtomicLong();
            String call = "run(" + COUNT_SOURCES + " sources of " + COUNT_ELEMENTS + " elements, consumers "
                    + COUNT_CONSUMERS + ", capacity " + COUNT_CAPACITY + ")";
            long returned = run(call, list, COUNT_CONSUMERS, COUNT_CAPACITY, (Integer e) -> calls.incrementAndGet());
            if (returned != calls.get()) {
                failures.add("round " + rounds + ": " + call + " returned " + returned + ", but the handler was called "
                        + calls.get() + " times (" + Math.abs(calls.get() - returned)
                        + (returned < calls.get() ? " fewer" : " more") + ")");
            }
        }
        reporter.publishEntry("count.millis", Long.toString((System.nanoTime() - start) / 1_000_000));
        reporter.publishEntry("count.rounds", Integer.toString(rounds));
        if (!failures.isEmpty()) {
            fail("Lost update: expected run to return the number of elements the handler was called with, but "
                    + failures.get(0) + "." + System.lineSeparator() + "Consumers that count into one shared"
                    + " variable with ++ (even a volatile one: volatile makes writes visible, not ++ atomic) or"
                    + " count += n lose increments when two of them read the same value and both write it plus"
                    + " one. Count under the lock that guards the total (synchronized), or keep a count per"
                    + " consumer and add them up under a lock");
        }
    }

    @Test
    @DisplayName("elements still in the buffer when the sources are exhausted are handled too")
    void elementsLeftInTheBufferAreHandled() throws Exception {
        // 1 consumer, capacity 4, 5 elements: while the handler holds element 0, the producer puts
        // 1..4 and reaches the end of its source; only then does the handler return.
        TrackedSource<Integer> source = finite(5, i -> (int) i);
        List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
        String call = "run(1 source of 5 elements, consumers 1, capacity 4)";
        long returned = run(call, List.of(source), 1, 4, (Integer e) -> {
            if (handled.isEmpty()) {
                awaitEndOfSources(List.of(source));
            }
            handled.add(e);
        });
        if (handled.size() < 5) {
            fail("Lost elements: " + call + " handed only " + handled + " to the handler: the elements that were"
                    + " still in the buffer when the source was exhausted were never handled."
                    + System.lineSeparator() + "Consumers must stop only after the buffer is drained (e.g. one poison"
                    + " pill per consumer, put after the last element)");
        }
        assertThat(handled).as("elements handled by " + call + " (1 consumer: in source order)")
                .containsExactly(0, 1, 2, 3, 4);
        assertCount(call, returned, 5);
    }

    /**
     * Waits (at most 2 s, scaled) until every source is exhausted and its reader has ended or
     * waits, then 50 ms more: by then a "producers are done" flag set by another thread is set.
     * This only makes a consumer that stops on such a flag fail more surely; a correct run does
     * not depend on it.
     */
    private void awaitEndOfSources(List<? extends TrackedSource<?>> list) {
        long end = System.nanoTime() + env.scaled(Duration.ofSeconds(2)).toNanos();
        while (System.nanoTime() - end < 0 && !list.stream().allMatch(TrackedSource::exhausted)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        for (TrackedSource<?> s : list) {
            for (Thread reader : s.readers()) {
                Threads.awaitWaitingOrTerminated(reader, Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    @DisplayName("with 3 consumers, 3 handler calls run at the same time")
    void handlersRunConcurrently() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(3);
        Duration wait = env.scaled(Duration.ofSeconds(2)); // below STALL_SECONDS: the barrier reports first
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        AtomicReference<String> stuck = new AtomicReference<>();
        List<TrackedSource<Integer>> list = List.of(finite(10, i -> (int) i), finite(10, i -> 100 + (int) i));
        String call = "run(2 sources of 10 elements, consumers 3, capacity 2)";
        long returned = run(call, list, 3, 2, (Integer e) -> {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                if (calls.incrementAndGet() <= 3) {
                    barrier.await(wait.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException timeout) {
                stuck.compareAndSet(null, workers.describe(workers.liveThreads().stream()
                        .filter(t -> t != Thread.currentThread()).toList()));
            } catch (BrokenBarrierException | InterruptedException broken) {
                // another handler timed out first; it reports
            } finally {
                active.decrementAndGet();
            }
        });
        if (stuck.get() != null) {
            fail("Serialised handlers: with 3 consumers, 3 handler calls must be able to run at the same time, but"
                    + " after " + Threads.format(wait) + " at most " + maxActive.get() + " had run together."
                    + System.lineSeparator() + "Other threads: " + stuck.get() + System.lineSeparator()
                    + "Do not call the handler while holding a lock that other consumers need");
        }
        assertCount(call, returned, 20);
    }

    @Test
    @DisplayName("sources are read lazily: each producer holds at most one element it has not put yet")
    void sourcesAreReadLazily() throws Exception {
        int producers = 2;
        int capacity = 2;
        int consumers = 2;
        long bound = producers + capacity + consumers;
        AtomicLong pulled = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        AtomicLong maxInFlight = new AtomicLong();
        List<TrackedSource<Integer>> list = new ArrayList<>();
        for (int s = 0; s < producers; s++) {
            int base = s * 1000;
            list.add(finite(200, i -> {
                maxInFlight.accumulateAndGet(pulled.incrementAndGet() - finished.get(), Math::max);
                return base + (int) i;
            }));
        }
        String call = "run(2 sources of 200 elements, consumers 2, capacity 2)";
        long returned = run(call, list, consumers, capacity, (Integer e) -> {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100)); // slower than the producers
            finished.incrementAndGet();
        });
        assertCount(call, returned, 400);
        if (maxInFlight.get() > bound) {
            fail("Sources read eagerly: up to " + maxInFlight.get() + " elements had been pulled from the sources"
                    + " but not yet handled, but with 2 sources, capacity 2 and 2 consumers at most " + bound
                    + " may be (one held by each producer, " + capacity + " in the buffer, one per consumer)."
                    + System.lineSeparator() + "Pull the next element from a source only after the previous one was put");
        }
    }

    @Test
    @DisplayName("consumers < 1 or capacity < 1 is rejected with IllegalArgumentException")
    void rejectsBadArguments() throws Exception {
        int[][] cases = {{0, 1}, {-1, 1}, {1, 0}, {2, -3}};
        for (int[] c : cases) {
            String call = "run(1 source of 3 elements, consumers " + c[0] + ", capacity " + c[1] + ")";
            Worker<Long> caller = workers.start("caller", () -> ProducerConsumer.run(
                    List.of(List.of(1, 2, 3)), c[0], c[1], (Integer e) -> { }));
            Duration waited = env.scaled(Duration.ofSeconds(STALL_SECONDS));
            if (!caller.await(waited)) {
                throw workers.hang("Arguments not checked: expected " + call + " to throw IllegalArgumentException at"
                        + " once, but it was still running " + Threads.format(waited) + " later. It accepted "
                        + (c[0] < 1 ? "a run without consumers, where nothing ever takes an element"
                        : "a buffer without room, where no element ever fits") + ", so it waits for ever: check the"
                        + " arguments before starting any thread", workers.liveThreads());
            }
            Throwable thrown = caller.failure();
            if (!(thrown instanceof IllegalArgumentException)) {
                fail(call + " must throw IllegalArgumentException, but it "
                        + (thrown == null ? "returned " + caller.result() : "threw " + thrown), thrown);
            }
        }
    }

    @Test
    @DisplayName("no sources, or only empty ones: run returns 0 without calling the handler")
    void emptySourcesGiveZero() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(run("run(no sources, consumers 2, capacity 1)", List.<List<Integer>>of(), 2, 1,
                (Integer e) -> calls.incrementAndGet())).as("run(no sources, consumers 2, capacity 1)").isZero();
        assertThat(run("run(2 empty sources, consumers 3, capacity 1)", List.of(List.<Integer>of(), List.<Integer>of()),
                3, 1, (Integer e) -> calls.incrementAndGet())).as("run(2 empty sources, consumers 3, capacity 1)").isZero();
        assertThat(calls.get()).as("handler calls for empty sources").isZero();
    }
}
