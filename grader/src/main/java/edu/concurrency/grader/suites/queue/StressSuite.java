package edu.concurrency.grader.suites.queue;

import static org.junit.jupiter.api.Assertions.fail;

import edu.concurrency.grader.suites.support.GradingEnvironment;
import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.grader.suites.support.Worker;
import edu.concurrency.grader.suites.support.Workers;
import edu.concurrency.queue.BoundedBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code queue.stress}: many producers and consumers on a buffer of capacity 1 or 2.
 *
 * <p>Every round starts a few producers and consumers on one fresh buffer, always more threads
 * than slots on both sides, and releases them together through a latch. Each producer puts its own
 * numbered elements ({@code producer-1's #17}); each consumer takes a fixed share of all elements.
 * The round then checks: no {@code take()} returned null, {@code size()} stayed within
 * {@code 0..capacity} (sampled by every thread), each consumer saw each producer's elements in the
 * order they were put (FIFO), and the elements taken are exactly the elements put. These catch a
 * woken thread that does not re-check its condition ({@code if} instead of {@code while}).
 *
 * <p>A round whose threads make no progress while all of them wait is a lost wakeup or a
 * deadlock: with one monitor for both sides, {@code notify()} can wake a thread of the same side
 * (a producer waking a producer), and then every thread waits for ever. Capacity 1 with more
 * producers and consumers than slots and hundreds of elements makes that happen in the first
 * round or two (in all our runs: in the first). Rounds repeat until {@value #BUDGET_MILLIS} ms
 * (scaled) have passed, so a correct solution is exercised for a bounded time, and the message
 * reports "failed in k of N rounds".
 *
 * <p>The first round moves a sixteenth of a shape's elements; rounds grow while they are fast. A
 * round that is slow but still makes progress (spinning threads on a loaded machine: a few hundred
 * operations per second) is stopped {@link #SLOW_GRACE} after the budget and judged on what it did
 * so far: this suite judges correctness; speed is judged by the performance criteria.
 */
@DisplayName("BoundedBuffer under stress: many producers and consumers on capacity 1 and 2")
public class StressSuite {

    private static final String PKG = "edu.concurrency.queue";

    /** Wall time of the rounds of one test, before scaling; the round in progress is finished. */
    static final long BUDGET_MILLIS = 1600;
    /**
     * Fraction of a shape's elements in the first round. Rounds grow (doubling, up to the full
     * shape) while they take less than a tenth of the budget, so a fast buffer gets long rounds
     * and a slow one (spinning on a loaded machine: a few hundred operations per second) short
     * ones that end in time.
     */
    private static final double FIRST_FRACTION = 1.0 / 16;
    /** Rounds always run, even when they take longer than the budget (slow but correct solutions). */
    private static final int MIN_ROUNDS = 1;
    /** Stop after this many failed rounds: the verdict is clear, and hung rounds cost time. */
    private static final int MAX_FAILED_ROUNDS = 3;
    /**
     * No put or take completed for this long while every remaining thread waits: a lost wakeup or
     * a deadlock. A correct buffer never has all threads waiting while work is left, so this only
     * has to outlast scheduling delays of a loaded machine (a woken thread not yet run).
     */
    private static final Duration STALL = Duration.ofSeconds(2);
    /** No progress for this long although threads run: livelock or an endless loop. */
    private static final Duration NO_PROGRESS = Duration.ofSeconds(5);
    /**
     * Time after the budget at which a round that is slow but still makes progress (spinning
     * threads on a loaded machine) is stopped and judged on what it did so far: this suite judges
     * correctness, not speed.
     */
    private static final Duration SLOW_GRACE = Duration.ofSeconds(3);
    /** Progress within this time counts as "still making progress". */
    private static final Duration RECENT_PROGRESS = Duration.ofSeconds(1);
    private static final String TYPICAL_RACE = "Typical causes: a woken thread that does not re-check its condition"
            + " (if instead of while around wait()), or state read or changed without holding the lock";
    /** At most this many anomalies are quoted in a message. */
    private static final int QUOTED = 3;

    private final GradingEnvironment env = GradingEnvironment.current();

    /** One round's setup; elements per producer is a multiple of {@code consumers}. */
    record Shape(int capacity, int producers, int consumers, int perProducer) {
        int total() {
            return producers * perProducer;
        }

        /** This shape with about {@code fraction} of the elements (still a multiple of consumers). */
        Shape scaled(double fraction) {
            int multiples = (int) Math.max(1, Math.round(perProducer * fraction / consumers));
            return new Shape(capacity, producers, consumers, Math.min(perProducer, multiples * consumers));
        }

        @Override
        public String toString() {
            return "capacity " + capacity + ", " + producers + " producers, " + consumers + " consumers, "
                    + total() + " elements";
        }
    }

    @Test
    @DisplayName("capacity 1: 2-8 producers and 2-8 consumers exchange every element exactly once, in order, without hanging")
    void capacityOne(TestReporter reporter) throws Exception {
        stress(List.of(
                new Shape(1, 4, 4, 1000),
                new Shape(1, 3, 6, 1200),
                new Shape(1, 6, 3, 600),
                new Shape(1, 8, 2, 400),
                new Shape(1, 2, 8, 2000)), reporter);
    }

    @Test
    @DisplayName("capacity 2: 3-8 producers and 3-8 consumers exchange every element exactly once, in order, without hanging")
    void capacityTwo(TestReporter reporter) throws Exception {
        stress(List.of(
                new Shape(2, 4, 4, 1000),
                new Shape(2, 6, 3, 600),
                new Shape(2, 3, 8, 1600),
                new Shape(2, 8, 4, 400)), reporter);
    }

    private void stress(List<Shape> shapes, TestReporter reporter) throws Exception {
        long budget = env.scaled(Duration.ofMillis(BUDGET_MILLIS)).toNanos();
        long budgetEnd = System.nanoTime() + budget;
        List<String> failures = new ArrayList<>();
        Throwable firstCause = null;
        int rounds = 0;
        long elements = 0;
        double fraction = FIRST_FRACTION;
        long hardStop = budgetEnd + env.scaled(SLOW_GRACE).toNanos();
        boolean incomplete = false;
        long expected = 0; // expected duration of the next round
        while (!incomplete && failures.size() < MAX_FAILED_ROUNDS
                && (rounds < MIN_ROUNDS || System.nanoTime() + expected / 2 - budgetEnd < 0)) {
            Shape shape = shapes.get(rounds % shapes.size()).scaled(fraction);
            rounds++;
            long start = System.nanoTime();
            RoundResult result = round(rounds, shape, hardStop);
            expected = System.nanoTime() - start;
            if (expected < budget / 10 && fraction < 1) {
                fraction = Math.min(1, fraction * 2); // fast enough: more elements per round
                expected *= 2;
            }
            elements += shape.total();
            incomplete = result.incomplete();
            if (result.failure() != null) {
                failures.add(result.failure());
                if (firstCause == null) {
                    firstCause = result.cause();
                }
            }
        }
        String capacity = "capacity " + shapes.get(0).capacity();
        String key = "stress." + capacity.replace(' ', '-');
        reporter.publishEntry(key + ".rounds", Integer.toString(rounds));
        reporter.publishEntry(key + ".elements", Long.toString(elements));
        if (incomplete) {
            reporter.publishEntry(key + ".last-round", "stopped unfinished: slow, but still making progress");
        }
        if (!failures.isEmpty()) {
            String first = failures.get(0);
            String message = firstLine(first) + " (" + capacity + ": failed in " + failures.size() + " of " + rounds
                    + " rounds" + (failures.size() >= MAX_FAILED_ROUNDS ? ", stopped there" : "") + ")"
                    + first.substring(firstLine(first).length())
                    + failures.stream().skip(1).map(f -> System.lineSeparator() + "Also: " + firstLine(f))
                    .collect(Collectors.joining());
            fail(message, firstCause);
        }
    }

    /**
     * The verdict of one round: null failure if it passed; incomplete if it was stopped while
     * still making progress (too slow to finish in time: judged on what it did so far).
     */
    record RoundResult(String failure, Throwable cause, boolean incomplete) {
    }

    /** How a round ended, as seen by {@link #awaitRound}. */
    private record RoundEnd(String hang, boolean incomplete) {
        static final RoundEnd FINISHED = new RoundEnd(null, false);
    }

    /** What the threads of one round observed. */
    private static final class Observations {
        final AtomicLong progress = new AtomicLong();
        final AtomicInteger anomalyCount = new AtomicInteger();
        final Queue<String> anomalies = new ConcurrentLinkedQueue<>();
        final AtomicInteger nulls = new AtomicInteger();

        void anomaly(String text) {
            if (anomalyCount.incrementAndGet() <= QUOTED) {
                anomalies.add(text);
            }
        }
    }

    private RoundResult round(int index, Shape shape, long hardStop) throws Exception {
        BoundedBuffer<Long> buffer = new BoundedBuffer<>(shape.capacity());
        Observations seen = new Observations();
        CountDownLatch go = new CountDownLatch(1);
        int quota = shape.total() / shape.consumers();
        List<Worker<Void>> producers = new ArrayList<>();
        List<Worker<long[]>> consumers = new ArrayList<>();
        try (Workers workers = new Workers(PKG)) {
            for (int p = 0; p < shape.producers(); p++) {
                int id = p;
                producers.add(workers.run("producer-" + p, () -> {
                    go.await();
                    for (int s = 0; s < shape.perProducer(); s++) {
                        buffer.put(element(id, s));
                        seen.progress.incrementAndGet();
                        if ((s & 3) == 0) {
                            checkSize(buffer, shape.capacity(), seen);
                        }
                    }
                }));
            }
            for (int c = 0; c < shape.consumers(); c++) {
                consumers.add(workers.start("consumer-" + c, () -> {
                    go.await();
                    long[] taken = new long[quota];
                    int[] lastSeq = new int[shape.producers()];
                    Arrays.fill(lastSeq, -1);
                    for (int k = 0; k < quota; k++) {
                        Long element = buffer.take();
                        seen.progress.incrementAndGet();
                        if (element == null) {
                            seen.nulls.incrementAndGet();
                            taken[k] = -1;
                            continue;
                        }
                        taken[k] = element;
                        int producer = producerOf(element);
                        int seq = seqOf(element);
                        if (producer >= 0 && producer < lastSeq.length) {
                            if (seq <= lastSeq[producer]) {
                                seen.anomaly("FIFO order broken: " + Thread.currentThread().getName() + " took "
                                        + name(element) + " after #" + lastSeq[producer] + " of the same producer");
                            }
                            lastSeq[producer] = Math.max(lastSeq[producer], seq);
                        }
                        if ((k & 3) == 0) {
                            checkSize(buffer, shape.capacity(), seen);
                        }
                    }
                    return taken;
                }));
            }
            go.countDown();
            List<Thread> threads = new ArrayList<>();
            producers.forEach(w -> threads.add(w.thread()));
            consumers.forEach(w -> threads.add(w.thread()));
            RoundEnd end = awaitRound("round " + index + " (" + shape + ")", threads, seen, shape, workers, buffer,
                    hardStop);
            return verdict(index, shape, producers, consumers, seen, end, buffer, workers);
        }
    }

    /**
     * Waits for the round's threads while they make progress.
     *
     * @param hardStop when a slow round that still makes progress is stopped (System.nanoTime)
     * @return how the round ended: finished, hung (with a description), or stopped unfinished
     */
    private RoundEnd awaitRound(String round, List<Thread> threads, Observations seen, Shape shape, Workers workers,
                                BoundedBuffer<Long> buffer, long hardStop) throws InterruptedException {
        long start = System.nanoTime();
        long stall = env.scaled(STALL).toNanos();
        long noProgress = env.scaled(NO_PROGRESS).toNanos();
        long recent = env.scaled(RECENT_PROGRESS).toNanos();
        long lastProgress = seen.progress.get();
        long lastChange = start;
        while (true) {
            List<Thread> alive = threads.stream().filter(Thread::isAlive).toList();
            if (alive.isEmpty()) {
                return RoundEnd.FINISHED;
            }
            Threads.joinAll(alive, Duration.ofMillis(20));
            long now = System.nanoTime();
            long progress = seen.progress.get();
            if (progress != lastProgress) {
                lastProgress = progress;
                lastChange = now;
            }
            alive = threads.stream().filter(Thread::isAlive).toList();
            if (alive.isEmpty()) {
                return RoundEnd.FINISHED;
            }
            boolean allWaiting = alive.stream().allMatch(t -> Threads.WAITING_STATES.contains(t.getState()));
            if (now - lastChange > stall && allWaiting) {
                return new RoundEnd("Lost wakeup or deadlock in " + round + ": no put or take completed for "
                        + Threads.format(Duration.ofNanos(now - lastChange)) + " while " + alive.size()
                        + " threads still had work and all of them were waiting (size() = "
                        + sizeOf(buffer, workers) + ")" + System.lineSeparator()
                        + "Waiting: " + workers.describe(alive) + System.lineSeparator()
                        + "Typical cause: notify() woke a thread that cannot proceed (a producer woke a producer),"
                        + " so the wakeup was lost; wake all waiters (notifyAll) or use separate conditions", false);
            }
            if (now - lastChange > noProgress) {
                return new RoundEnd("Livelock or endless loop in " + round + ": no put or take completed for "
                        + Threads.format(Duration.ofNanos(now - lastChange)) + " although threads were running"
                        + System.lineSeparator() + "Threads: " + workers.describe(alive), false);
            }
            if (now - hardStop > 0 && now - lastChange < recent) {
                // Slow, but not stuck (e.g. spinning threads on a loaded machine): speed is judged
                // elsewhere; stop here and judge what the round did so far.
                return new RoundEnd(null, true);
            }
        }
    }

    private String sizeOf(BoundedBuffer<Long> buffer, Workers workers) {
        try {
            return String.valueOf(workers.call(env.scaled(Duration.ofSeconds(1)), "size() blocked", buffer::size));
        } catch (Exception | AssertionError e) {
            return "unknown (size() " + (e instanceof AssertionError ? "blocked" : "threw " + e) + ")";
        }
    }

    private RoundResult verdict(int index, Shape shape, List<Worker<Void>> producers, List<Worker<long[]>> consumers,
                                Observations seen, RoundEnd end, BoundedBuffer<Long> buffer, Workers workers) {
        String round = "round " + index + " (" + shape + ")";
        String hang = end.hang();
        // An exception in a put or take is the root cause of everything else: report it first.
        List<Worker<?>> all = new ArrayList<>(producers);
        all.addAll(consumers);
        for (Worker<?> worker : all) {
            Throwable thrown = worker.failure();
            if (thrown != null && !(hang != null && thrown instanceof InterruptedException)) {
                String call = worker.thread().getName().startsWith("producer") ? "put" : "take";
                return new RoundResult("Race condition: " + call + "() threw " + thrown + " on "
                        + worker.thread().getName() + " in " + round + System.lineSeparator() + TYPICAL_RACE, thrown,
                        end.incomplete());
            }
        }
        List<String> problems = new ArrayList<>();
        if (seen.nulls.get() > 0) {
            problems.add("take() returned null " + seen.nulls.get() + " times");
        }
        problems.addAll(seen.anomalies);
        if (seen.anomalyCount.get() > QUOTED) {
            problems.add("... " + (seen.anomalyCount.get() - QUOTED) + " more anomalies");
        }
        if (hang == null && !end.incomplete()) {
            problems.addAll(compare(shape, consumers));
            try {
                int size = workers.call(env.scaled(Duration.ofSeconds(5)),
                        "Blocking where it must not: expected size() to return after all threads finished", buffer::size);
                if (size != 0) {
                    problems.add("size() is " + size + " after every element was taken (expected 0)");
                }
            } catch (Exception | AssertionError e) {
                problems.add("size() failed after the round: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            String text = "Race condition in " + round + ": " + String.join("; ", problems)
                    + System.lineSeparator() + TYPICAL_RACE;
            return new RoundResult(hang == null ? text : text + System.lineSeparator() + "Then: " + hang, null,
                    end.incomplete());
        }
        if (hang != null) {
            Thread stuck = Threads.firstIn(workers.liveThreads(), PKG);
            return new RoundResult(hang, stuck == null ? null : Threads.stackOf(stuck, PKG), false);
        }
        return new RoundResult(null, null, end.incomplete());
    }

    /** Lost, duplicated and unknown elements, comparing the elements taken with the elements put. */
    private static List<String> compare(Shape shape, List<Worker<long[]>> consumers) {
        int[] times = new int[shape.total()];
        List<String> unknown = new ArrayList<>();
        for (Worker<long[]> consumer : consumers) {
            long[] taken;
            try {
                taken = consumer.result();
            } catch (Exception e) {
                continue; // reported as an exception already
            }
            for (long element : taken) {
                if (element == -1) {
                    continue; // a null, counted already
                }
                int producer = producerOf(element);
                int seq = seqOf(element);
                if (producer < 0 || producer >= shape.producers() || seq < 0 || seq >= shape.perProducer()) {
                    unknown.add(Long.toString(element));
                } else {
                    times[producer * shape.perProducer() + seq]++;
                }
            }
        }
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            String name = name(element(i / shape.perProducer(), i % shape.perProducer()));
            if (times[i] == 0) {
                lost.add(name);
            } else if (times[i] > 1) {
                duplicated.add(name + " (" + times[i] + " times)");
            }
        }
        List<String> problems = new ArrayList<>();
        if (!lost.isEmpty()) {
            problems.add("lost update: " + lost.size() + " elements were put but never taken, e.g. " + quote(lost));
        }
        if (!duplicated.isEmpty()) {
            problems.add(duplicated.size() + " elements were taken more than once, e.g. " + quote(duplicated));
        }
        if (!unknown.isEmpty()) {
            problems.add(unknown.size() + " elements taken were never put: " + quote(unknown));
        }
        return problems;
    }

    private static void checkSize(BoundedBuffer<Long> buffer, int capacity, Observations seen) {
        int size = buffer.size();
        if (size < 0 || size > capacity) {
            seen.anomaly("size() returned " + size + " with capacity " + capacity);
        }
    }

    private static String quote(List<String> items) {
        return items.stream().limit(QUOTED).collect(Collectors.joining(", ")) + (items.size() > QUOTED ? ", ..." : "");
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse(text);
    }

    private static Long element(int producer, int seq) {
        return ((long) producer << 32) | seq;
    }

    private static int producerOf(long element) {
        return (int) (element >>> 32);
    }

    private static int seqOf(long element) {
        return (int) element;
    }

    private static String name(long element) {
        return "producer-" + producerOf(element) + "'s #" + seqOf(element);
    }
}
