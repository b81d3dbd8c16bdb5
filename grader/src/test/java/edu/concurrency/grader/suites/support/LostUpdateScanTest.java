package edu.concurrency.grader.suites.support;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.suites.support.LostUpdateScan.LostUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link LostUpdateScan} proven both ways on small classes compiled with the tests: counters that
 * are atomic, updated under a lock, local to a thread, or only touched by a constructor are not
 * reported; a read-modify-write of a shared field without a lock in code that threads run (a
 * lambda, a Runnable, what they call, a public method of a shared class) is, volatile or not, with
 * its method, field, spelling and line (the lines marked {@code // LOST}).
 */
class LostUpdateScanTest {

    private static final String PREFIX = LostUpdateScanTest.class.getName() + "$";

    /** Scans the compiled fixtures together; {@code shared} names fixtures whose public methods threads call. */
    private static List<LostUpdate> scan(Set<String> shared, String... fixtures) throws IOException {
        List<byte[]> bytes = new ArrayList<>();
        for (String fixture : fixtures) {
            try (InputStream in = LostUpdateScanTest.class.getResourceAsStream(
                    LostUpdateScanTest.class.getSimpleName() + "$" + fixture + ".class")) {
                bytes.add(in.readAllBytes());
            }
        }
        Set<String> sharedNames = new java.util.HashSet<>();
        shared.forEach(s -> sharedNames.add(PREFIX + s));
        return LostUpdateScan.scan(bytes, sharedNames);
    }

    private static void startAll(Runnable... bodies) {
        for (Runnable body : bodies) {
            new Thread(body).start();
        }
    }

    // --- correct: nothing to report ------------------------------------------------------------

    /** Atomic counters, and counts kept in a local variable and added up under the monitor. */
    static class AtomicAndLocalCounters {
        private final AtomicLong atomic = new AtomicLong();
        private final LongAdder adder = new LongAdder();
        private AtomicLong replaceable = new AtomicLong();
        private long total;

        void start(int n) {
            startAll(() -> {
                atomic.incrementAndGet();
                adder.increment();
                replaceable.addAndGet(2);
                long local = 0;
                for (int i = 0; i < n; i++) {
                    local++;
                }
                add(local);
            });
        }

        private synchronized void add(long count) {
            total += count;
        }
    }

    /** Updates inside synchronized blocks and between lock() and unlock(), and in a constructor. */
    static class LockedCounters {
        private final ReentrantLock lock = new ReentrantLock();
        private volatile long handled;
        private int started;
        private static int instances;

        LockedCounters() {
            started++;
            started += 2;
            instances++;
        }

        void start() {
            startAll(() -> {
                synchronized (this) {
                    handled++;
                }
            }, () -> {
                lock.lock();
                try {
                    started += 3;
                    started = started + 1;
                } finally {
                    lock.unlock();
                }
            }, this::countLocked);
        }

        private void countLocked() {
            synchronized (LockedCounters.class) {
                instances++;
            }
        }
    }

    /** A shared class whose public methods are synchronized, with a helper called only under the monitor. */
    static class SynchronizedBuffer {
        private int count;

        public synchronized void put() {
            enqueue();
        }

        public synchronized int size() {
            return count;
        }

        private void enqueue() {
            count++;
        }
    }

    /** A forEach lambda that the calling thread runs, outside thread code. */
    static class CallerSum {
        private long total;

        long sum(List<Long> values) {
            values.forEach(v -> total += v); // java.util.function.Consumer: runs on the caller
            return total;
        }
    }

    /** A Runnable's own field, and an update no thread the class starts runs. */
    static class OwnCounters implements Runnable {
        private long done;
        private long calls;

        @Override
        public void run() {
            done++; // the Runnable's own state: one thread runs one Runnable
        }

        void callerOnly() {
            calls++; // not reached from any lambda, thread body or shared public method
        }
    }

    @Test
    @DisplayName("atomics, LongAdder, synchronized and Lock-guarded updates, local counts, constructors and a Runnable's own field are not reported")
    void atomicOrLockedUpdatesAreNotReported() throws IOException {
        assertThat(scan(Set.of("SynchronizedBuffer"), "AtomicAndLocalCounters", "LockedCounters",
                "SynchronizedBuffer", "OwnCounters", "CallerSum")).isEmpty();
    }

    // --- buggy: each update without a lock is reported -----------------------------------------

    /** The pc-volatile-count mistake: consumers count into a shared volatile field. */
    static class VolatileCount {
        private volatile long handled;

        void start(int consumers) {
            for (int i = 0; i < consumers; i++) {
                startAll(() -> handled++); // LOST
            }
        }
    }

    /** += in a lambda, = x + 1 in a helper a lambda calls, a static counter in a method reference. */
    static class PlainCounts {
        private static int threads;
        private long sum;
        private int rounds;

        void start(int n) {
            startAll(() -> {
                sum += n; // LOST
            }, this::round, PlainCounts::register);
        }

        private void round() {
            rounds = rounds + 1; // LOST
        }

        private static void register() {
            threads++; // LOST
        }
    }

    /** A forEach lambda inside thread code is thread code. */
    static class ForEachInThread {
        private long seen;

        void start(List<Long> values) {
            startAll(() -> values.forEach(v -> {
                seen += v; // LOST
            }));
        }
    }

    /** Read under the lock, written after it was released: the update is not one critical section. */
    static class SplitUpdate {
        private int count;

        void start() {
            startAll(() -> {
                int seen;
                synchronized (this) {
                    seen = count;
                }
                count = seen - 1; // LOST
            });
        }
    }

    /** An anonymous Runnable and a Callable that update the outer object's field. */
    static class AnonymousBodies {
        private long failures;

        Runnable body() {
            return new Runnable() {
                @Override
                public void run() {
                    failures--; // LOST
                }
            };
        }

        Callable<Long> task() {
            return new Callable<>() {
                @Override
                public Long call() {
                    failures -= 2; // LOST
                    return failures;
                }
            };
        }
    }

    /** A shared class with an unsynchronized public update. */
    static class UnsynchronizedBuffer {
        private int count;

        public synchronized int size() {
            return count;
        }

        public void put() {
            count++; // LOST
        }
    }

    @Test
    @DisplayName("a read-modify-write of a shared field without a lock in thread code is reported with method, field, spelling and line, volatile or not")
    void unlockedUpdatesAreReported() throws IOException {
        List<LostUpdate> found = scan(Set.of("UnsynchronizedBuffer"), "VolatileCount", "PlainCounts", "ForEachInThread", "SplitUpdate",
                "AnonymousBodies", "AnonymousBodies$1", "AnonymousBodies$2", "UnsynchronizedBuffer");
        assertThat(found).extracting(u -> u.className() + "." + u.method() + ": " + u.update() + " on " + u.field())
                .containsExactlyInAnyOrder(
                        "LostUpdateScanTest$VolatileCount.lambda$start$0: handled++ on LostUpdateScanTest$VolatileCount.handled",
                        "LostUpdateScanTest$PlainCounts.lambda$start$0: sum += … on LostUpdateScanTest$PlainCounts.sum",
                        "LostUpdateScanTest$PlainCounts.round: rounds = … rounds … on LostUpdateScanTest$PlainCounts.rounds",
                        "LostUpdateScanTest$PlainCounts.register: threads++ on LostUpdateScanTest$PlainCounts.threads",
                        "LostUpdateScanTest$ForEachInThread.lambda$start$0: seen += … on LostUpdateScanTest$ForEachInThread.seen",
                        "LostUpdateScanTest$SplitUpdate.lambda$start$0: count = … count … on LostUpdateScanTest$SplitUpdate.count",
                        "LostUpdateScanTest$AnonymousBodies$1.run: failures-- on LostUpdateScanTest$AnonymousBodies.failures",
                        "LostUpdateScanTest$AnonymousBodies$2.call: failures -= … on LostUpdateScanTest$AnonymousBodies.failures",
                        "LostUpdateScanTest$UnsynchronizedBuffer.put: count++ on LostUpdateScanTest$UnsynchronizedBuffer.count");
        assertThat(found).extracting(LostUpdate::line).containsExactlyInAnyOrderElementsOf(markedLines());
        assertThat(found).allSatisfy(u -> assertThat(u.location()).isEqualTo("LostUpdateScanTest.java:" + u.line()));
        assertThat(found).filteredOn(LostUpdate::isVolatile).extracting(LostUpdate::method)
                .containsExactly("lambda$start$0").hasSize(1);
        assertThat(found).filteredOn(LostUpdate::isVolatile).allSatisfy(
                u -> assertThat(u.className()).isEqualTo("LostUpdateScanTest$VolatileCount"));
    }

    @Test
    @DisplayName("the same update in a class whose public methods threads do not share, outside thread code, is not reported")
    void publicMethodsCountOnlyForSharedClasses() throws IOException {
        assertThat(scan(Set.of(), "UnsynchronizedBuffer")).isEmpty();
    }

    /** The lines of this file that end in the marker {@code // LOST}. */
    private static List<Integer> markedLines() throws IOException {
        List<String> lines = Files.readAllLines(
                Path.of("src/test/java/edu/concurrency/grader/suites/support/LostUpdateScanTest.java"));
        List<Integer> marked = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// " + "LOST")) {
                marked.add(i + 1);
            }
        }
        return marked;
    }
}
