package edu.concurrency.grader.suites.support;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.suites.support.GuardedStateScan.UnguardedRead;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link GuardedStateScan} proven both ways on small classes compiled with the tests: every way
 * of holding a lock (synchronized method, synchronized block, {@code Lock.lock()}, a private helper
 * called only under the lock, a constructor) is not reported, and every read without a lock is, with
 * its method, field and line.
 */
class GuardedStateScanTest {

    /** Scans the compiled fixtures together. */
    private static List<UnguardedRead> scan(Class<?>... fixtures) throws IOException {
        List<byte[]> bytes = new ArrayList<>();
        for (Class<?> fixture : fixtures) {
            String resource = fixture.getName().substring(fixture.getName().lastIndexOf('.') + 1) + ".class";
            try (InputStream in = fixture.getResourceAsStream(resource)) {
                bytes.add(in.readAllBytes());
            }
        }
        return GuardedStateScan.scan(bytes);
    }

    // --- correct: nothing to report ------------------------------------------------------------

    /** The reference's pattern: synchronized methods, private helpers that change the state. */
    static class MonitorBuffer {
        private final Object[] items = new Object[4];
        private int count;

        MonitorBuffer() {
            count = 0;
            int initial = count; // a read in the constructor: the object is not shared yet
            assert initial == 0;
        }

        synchronized void add(Object item) {
            enqueue(item);
        }

        synchronized int size() {
            return count;
        }

        int sizeInBlock() {
            synchronized (this) {
                return count;
            }
        }

        private void enqueue(Object item) {
            items[count] = item;
            count++;
        }
    }

    /** A ReentrantLock with try/finally, and a volatile field read without the lock. */
    static class LockBuffer {
        private final Lock lock = new ReentrantLock();
        private final ReentrantLock second = new ReentrantLock();
        private int count;
        private volatile int published;

        void add() {
            lock.lock();
            try {
                count++;
                published = count;
            } finally {
                lock.unlock();
            }
        }

        int size() {
            second.lock();
            try {
                return count;
            } finally {
                second.unlock();
            }
        }

        int approximateSize() {
            return published; // volatile: a read without the lock is fine
        }
    }

    @Test
    @DisplayName("reads under a synchronized method, a synchronized block, a Lock, in a helper or constructor are not reported")
    void lockedReadsAreNotReported() throws IOException {
        assertThat(scan(MonitorBuffer.class, LockBuffer.class)).isEmpty();
    }

    // --- buggy: each read without the lock is reported -----------------------------------------

    /** size() reads count without the monitor that guards put and take. */
    static class UnsynchronizedSize {
        private int count;

        synchronized void put() {
            count++;
        }

        int size() {
            return count; // UNGUARDED
        }
    }

    /** The read happens after the synchronized block has ended. */
    static class ReadAfterBlock {
        private int count;

        void add() {
            synchronized (this) {
                count++;
            }
        }

        boolean isEmpty() {
            synchronized (this) {
                count += 0;
            }
            return count == 0; // UNGUARDED
        }
    }

    /** The read happens after unlock(), and in a lambda that runs later. */
    static class ReadAfterUnlock {
        private final ReentrantLock lock = new ReentrantLock();
        private int count;

        int addAndGet() {
            lock.lock();
            try {
                count++;
            } finally {
                lock.unlock();
            }
            return count; // UNGUARDED
        }

        IntSupplier sizeLater() {
            lock.lock();
            try {
                return () -> count; // UNGUARDED
            } finally {
                lock.unlock();
            }
        }
    }

    /** A private helper that one unlocked method calls is not "called under the lock". */
    static class HelperCalledUnlocked {
        private int count;

        synchronized void add() {
            count++;
        }

        synchronized int lockedSize() {
            return current();
        }

        int size() {
            return current();
        }

        private int current() {
            return count; // UNGUARDED
        }
    }

    @Test
    @DisplayName("a read without any lock of a field written under one is reported with its method, field and line")
    void unlockedReadsAreReported() throws IOException {
        List<UnguardedRead> found = scan(UnsynchronizedSize.class, ReadAfterBlock.class, ReadAfterUnlock.class,
                HelperCalledUnlocked.class);
        assertThat(found).extracting(r -> r.method() + " reads " + r.field()).containsExactlyInAnyOrder(
                "size reads GuardedStateScanTest$UnsynchronizedSize.count",
                "isEmpty reads GuardedStateScanTest$ReadAfterBlock.count",
                "addAndGet reads GuardedStateScanTest$ReadAfterUnlock.count",
                "lambda$sizeLater$0 reads GuardedStateScanTest$ReadAfterUnlock.count",
                "current reads GuardedStateScanTest$HelperCalledUnlocked.count");
        assertThat(found).extracting(UnguardedRead::line).containsExactlyInAnyOrderElementsOf(markedLines());
        assertThat(found).allSatisfy(r -> assertThat(r.file()).isEqualTo("GuardedStateScanTest.java"));
        UnguardedRead size = found.stream().filter(r -> r.method().equals("size")).findFirst().orElseThrow();
        assertThat(size.writer()).startsWith("put (GuardedStateScanTest.java:");
        assertThat(size.location()).isEqualTo("GuardedStateScanTest.java:" + size.line());
    }

    /** The lines of this file that end in the marker {@code // UNGUARDED}. */
    private static List<Integer> markedLines() throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(
                java.nio.file.Path.of("src/test/java/edu/concurrency/grader/suites/support/GuardedStateScanTest.java"));
        List<Integer> marked = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// " + "UNGUARDED")) {
                marked.add(i + 1);
            }
        }
        return marked;
    }
}
