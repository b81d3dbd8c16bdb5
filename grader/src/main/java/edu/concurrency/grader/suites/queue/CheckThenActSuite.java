package edu.concurrency.grader.suites.queue;

import static org.junit.jupiter.api.Assertions.fail;

import edu.concurrency.grader.suites.support.GradingEnvironment;
import edu.concurrency.grader.suites.support.LockRegions;
import edu.concurrency.grader.suites.support.Worker;
import edu.concurrency.grader.suites.support.Workers;
import edu.concurrency.queue.BoundedBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Criterion {@code queue.check-then-act}: {@code poll()} checks for an element, reads it and
 * removes it in one critical section, so that polls running at the same time get each element
 * exactly once.
 *
 * <p>Each round fills a fresh buffer of capacity {@value #ELEMENTS} with the elements
 * {@code 0..}{@value #ELEMENTS}{@code -1}, releases {@value #POLLERS} poller threads together
 * through a barrier, and lets each poll until it gets {@code null}. Between them they must get
 * every element exactly once, and the buffer must then be empty. The pollers contend for the
 * buffer's lock on every call, so a {@code poll} that releases its lock between the check (or the
 * read of the head) and the removal lets the other poller in between about once in a few dozen
 * polls: both read the same head, one element is returned twice and the next one never. The
 * jcstress probe {@code PollPollProbe} runs a single poll per thread, where that window is hit far
 * less often.
 *
 * <p>Rounds repeat for {@value #BUDGET_MILLIS} ms of wall time (not scaled: the rounds are the
 * same work on any machine; at least {@value #MIN_ROUNDS} rounds are run however long they take)
 * and stop after {@value #MAX_FAILED_ROUNDS} failed rounds. Measured on 2 cores at load average
 * 7-9: the split {@code poll} of the test submission {@code queue/poll-split-critical-section}
 * showed duplicates in 7 of 8 gradings (the first failed round between 4 and 303); the reference
 * ran 1,000-2,300 rounds without a failure, the criterion taking 1.0-1.8 s. Without the thread
 * that holds the monitor, 2 pollers showed nothing in 6,500 rounds.
 *
 * <p>Because a run can miss the window, {@code poll()}'s bytecode is read as well
 * ({@link LockRegions#splitSection}): a value read under the lock, the lock released and taken
 * again, and the value used after that fails the criterion too, with its lines, when no round
 * showed the race. A correct {@code poll} holds its lock once; one that re-checks in a second
 * critical section and returns only what it read there is not reported.
 */
@DisplayName("BoundedBuffer: polls released together get each element exactly once")
public class CheckThenActSuite {

    private static final String PKG = "edu.concurrency.queue";
    /** Elements per round, and the buffer's capacity. */
    static final int ELEMENTS = 8;
    /** Threads polling at once; 2 fit on the 2 cores of a CI runner. */
    static final int POLLERS = 2;
    /** Wall time of the rounds, in milliseconds (see the class comment). */
    static final long BUDGET_MILLIS = 400;
    /** Rounds run however long they take. */
    static final int MIN_ROUNDS = 50;
    /** Stop after this many failed rounds: the verdict is clear. */
    static final int MAX_FAILED_ROUNDS = 3;
    /**
     * How long the interfering thread holds the buffer's monitor each time, and then leaves it
     * free, in nanoseconds. In a trial of 400 ms, 5 us made a split poll fail 6-7 rounds of 160-450,
     * 0.2-1 us 0-5: a poller that leaves its first block must find the monitor taken often enough
     * to queue behind the other poller.
     */
    static final long HOLD_NANOS = 5_000;

    private final GradingEnvironment env = GradingEnvironment.current();
    private final Workers workers = new Workers(PKG);

    @AfterEach
    void stop() {
        workers.close();
    }

    /** What the pollers share: the round's buffer and what each of them polled. */
    private static final class Round {
        private volatile BoundedBuffer<Integer> buffer;
        private volatile boolean over;
        private final int[][] polled = new int[POLLERS][ELEMENTS * 2];
        private final int[] counts = new int[POLLERS];
        private final AtomicInteger finished = new AtomicInteger();
    }

    @Test
    @DisplayName("2 threads poll a buffer holding 0..7 until it is empty: each element exactly once, many rounds")
    void concurrentPollsGetEachElementOnce(TestReporter reporter) throws Exception {
        Round round = new Round();
        CyclicBarrier barrier = new CyclicBarrier(POLLERS + 2);
        Duration wait = env.scaled(Duration.ofSeconds(5));
        List<Worker<Void>> pollers = new ArrayList<>();
        for (int p = 0; p < POLLERS; p++) {
            int id = p;
            pollers.add(workers.run("poller-" + p, () -> poll(id, round, barrier, wait)));
        }
        pollers.add(workers.run("interferer", () -> interfere(round, barrier, wait)));
        List<String> failures = new ArrayList<>();
        int rounds = 0;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS);
        while (failures.size() < MAX_FAILED_ROUNDS && (rounds < MIN_ROUNDS || System.nanoTime() - end < 0)) {
            rounds++;
            BoundedBuffer<Integer> buffer = new BoundedBuffer<>(ELEMENTS);
            for (int i = 0; i < ELEMENTS; i++) {
                if (!buffer.offer(i)) {
                    fail("offer(" + i + ") returned false on a buffer of capacity " + ELEMENTS + " holding " + i
                            + " elements, with no other thread around");
                }
            }
            round.buffer = buffer;
            round.finished.set(0);
            await(barrier, wait, pollers, "start");
            await(barrier, wait, pollers, "finish");
            String problem = check(round, buffer);
            if (problem != null) {
                failures.add("round " + rounds + ": " + problem);
            }
        }
        round.over = true;
        await(barrier, wait, pollers, "end");
        reporter.publishEntry("check-then-act.rounds", Integer.toString(rounds));
        Optional<String> split = splitPoll();
        if (failures.isEmpty() && split.isPresent()) {
            fail("Check-then-act race condition in poll(), found in its bytecode (not observed in " + rounds
                    + " rounds this time): expected the check, the read of the head and its removal in one critical"
                    + " section, but " + split.get() + System.lineSeparator() + "Two polls can then both read the"
                    + " same head before either removes it: one element is returned twice and the next one is lost."
                    + " Keep the whole operation inside one synchronized block or method (or one lock()...unlock())");
        }
        if (!failures.isEmpty()) {
            fail("Check-then-act race condition in poll(): expected " + POLLERS + " threads that poll a buffer holding"
                    + " 0.." + (ELEMENTS - 1) + " until it returns null to get each element exactly once between them,"
                    + " but " + failures.get(0) + " (failed in " + failures.size() + " of " + rounds + " rounds"
                    + (failures.size() >= MAX_FAILED_ROUNDS ? ", stopped there" : "") + ")."
                    + System.lineSeparator() + split.orElse("")
                    + "Both threads read the same head before either removed it: the check, the read of the head"
                    + " and its removal must happen in one critical section (one synchronized block or method, or"
                    + " one lock()...unlock()), without releasing the lock in between"
                    + (failures.size() > 1 ? System.lineSeparator() + "Other failed rounds: "
                    + String.join("; ", failures.subList(1, failures.size())) : ""));
        }
    }

    /** A poller: in each round, polls until null, recording what it got. */
    private static void poll(int id, Round round, CyclicBarrier barrier, Duration wait) throws Exception {
        while (true) {
            barrier.await(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (round.over) {
                return;
            }
            BoundedBuffer<Integer> buffer = round.buffer;
            int n = 0;
            for (Integer e = buffer.poll(); e != null && n < round.polled[id].length; e = buffer.poll()) {
                round.polled[id][n++] = e;
            }
            round.counts[id] = n;
            round.finished.incrementAndGet();
            barrier.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The interfering thread: while the pollers poll, it takes the buffer's monitor (the lock of a
     * buffer built on {@code synchronized} methods or {@code synchronized (this)}) and holds it for
     * {@value #HOLD_NANOS} ns, again and again. A poller leaving its first critical section then
     * often finds the monitor taken and queues for its second one behind the other poller, which
     * gets in between. Spinning on {@link System#nanoTime()} here is interference, not
     * synchronisation: the rounds are ordered by the barrier. A buffer that locks something else
     * (a private lock object, a ReentrantLock) is not slowed, only checked with less pressure.
     */
    private static void interfere(Round round, CyclicBarrier barrier, Duration wait) throws Exception {
        while (true) {
            barrier.await(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (round.over) {
                return;
            }
            BoundedBuffer<Integer> buffer = round.buffer;
            while (round.finished.get() < POLLERS) {
                synchronized (buffer) {
                    spin(HOLD_NANOS);
                }
                spin(HOLD_NANOS);
            }
            barrier.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** The round's first anomaly (duplicate, loss, unknown element, size afterwards), or null. */
    private static String check(Round round, BoundedBuffer<Integer> buffer) {
        int[] times = new int[ELEMENTS];
        List<String> who = new ArrayList<>();
        for (int p = 0; p < POLLERS; p++) {
            for (int i = 0; i < round.counts[p]; i++) {
                int e = round.polled[p][i];
                if (e < 0 || e >= ELEMENTS) {
                    return "poller-" + p + " got " + e + ", which was never put into the buffer";
                }
                times[e]++;
            }
            who.add("poller-" + p + " got " + List.of(box(round.polled[p], round.counts[p])));
        }
        List<Integer> twice = new ArrayList<>();
        List<Integer> never = new ArrayList<>();
        for (int e = 0; e < ELEMENTS; e++) {
            if (times[e] > 1) {
                twice.add(e);
            } else if (times[e] == 0) {
                never.add(e);
            }
        }
        if (!twice.isEmpty() || !never.isEmpty()) {
            return (twice.isEmpty() ? "" : "element(s) " + twice + " were returned by more than one poll (duplicated)")
                    + (!twice.isEmpty() && !never.isEmpty() ? " and " : "")
                    + (never.isEmpty() ? "" : "element(s) " + never + " were never returned (lost)")
                    + ": " + String.join(", ", who);
        }
        int size = buffer.size();
        return size == 0 ? null : "every element was polled once, but size() is " + size + " afterwards";
    }

    private static Integer[] box(int[] values, int n) {
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private void await(CyclicBarrier barrier, Duration wait, List<Worker<Void>> pollers, String phase) throws Exception {
        try {
            barrier.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | BrokenBarrierException e) {
            for (Worker<Void> poller : pollers) {
                if (poller.failure() != null) {
                    throw new AssertionError("poll() threw " + poller.failure(), poller.failure());
                }
            }
            throw workers.hang("poll() must never wait, but the pollers did not " + phase + " a round within "
                    + wait.toSeconds() + " s", workers.liveThreads());
        }
    }

    /**
     * Where {@code BoundedBuffer.poll()} splits its critical section, from its bytecode
     * ({@link LockRegions#splitSection}): a value read under the lock, the lock released and taken
     * again, and the value used after that. Empty when it does not, or the class cannot be read.
     */
    private Optional<String> splitPoll() {
        Path file = env.requireSubmissionClasses().resolve(PKG.replace('.', '/')).resolve("BoundedBuffer.class");
        try {
            ClassNode node = new ClassNode();
            new ClassReader(Files.readAllBytes(file)).accept(node, ClassReader.SKIP_FRAMES);
            for (MethodNode method : node.methods) {
                if (method.name.equals("poll") && method.desc.equals("()Ljava/lang/Object;")) {
                    return LockRegions.splitSection(method).map(split -> "poll() reads a value under the lock at "
                            + node.sourceFile + ":" + split.storeLine() + ", releases the lock and takes it again at "
                            + node.sourceFile + ":" + split.relockLine() + ", and then uses that value at "
                            + node.sourceFile + ":" + split.useLine() + ": between the two critical sections another"
                            + " thread can poll the same element. ");
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the class file is the compiler's: unreadable means no evidence
        }
        return Optional.empty();
    }
}
