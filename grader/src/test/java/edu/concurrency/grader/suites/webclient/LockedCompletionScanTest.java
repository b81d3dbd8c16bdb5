package edu.concurrency.grader.suites.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * {@link LockedCompletionScan} on small classes compiled with this test: a completion under a
 * {@code synchronized} monitor and under a {@code ReentrantLock} is found alike, directly and
 * through a helper, also after an early return inside the critical section; a completion after
 * unlocking is not.
 */
class LockedCompletionScanTest {

    private static final String PACKAGE = LockedCompletionScanTest.class.getPackageName();

    /** Completes inside a synchronized block. */
    static final class SyncBlock {
        private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();

        void release() {
            synchronized (this) {
                CompletableFuture<Void> next = waiters.pollFirst();
                if (next != null) {
                    next.complete(null);
                }
            }
        }
    }

    /** A synchronized method that calls a helper which completes. */
    static final class SyncMethodHelper {
        private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();

        synchronized void release() {
            handOut();
        }

        private void handOut() {
            CompletableFuture<Void> next = waiters.pollFirst();
            if (next != null) {
                next.complete(null);
            }
        }
    }

    /** Completes between lock() and unlock(), after an early return inside the try block. */
    static final class LockEarlyReturn {
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
        private int free;

        void release() {
            lock.lock();
            try {
                if (waiters.isEmpty()) {
                    free++;
                    return;
                }
                waiters.pollFirst().complete(null);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Calls a task (foreign code, like a callback) inside a synchronized block. */
    static final class TaskUnderMonitor {
        synchronized <T> T run(java.util.function.Supplier<T> task) {
            return task.get();
        }
    }

    /** The allowed pattern, with both kinds of lock: decide under the lock, complete after it. */
    static final class CompletesAfterUnlocking {
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
        private int free;

        void releaseWithLock() {
            CompletableFuture<Void> next;
            lock.lock();
            try {
                next = waiters.pollFirst();
                if (next == null) {
                    free++;
                    return;
                }
            } finally {
                lock.unlock();
            }
            next.complete(null);
        }

        void releaseWithMonitor() {
            while (true) {
                CompletableFuture<Void> next;
                synchronized (this) {
                    next = waiters.pollFirst();
                    if (next == null) {
                        free++;
                        return;
                    }
                }
                if (!next.complete(null)) {
                    synchronized (this) {
                        free++;
                    }
                }
            }
        }

        synchronized int free() {
            return free;
        }
    }

    private static List<LockedCompletionScan.Finding> scan(Class<?>... classes) throws IOException {
        List<byte[]> files = new ArrayList<>();
        for (Class<?> c : classes) {
            String name = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
            try (InputStream in = c.getResourceAsStream(name)) {
                files.add(in.readAllBytes());
            }
        }
        return LockedCompletionScan.scan(PACKAGE, files);
    }

    @Test
    void aCompletionInsideASynchronizedBlockIsFound() throws IOException {
        assertThat(scan(SyncBlock.class)).singleElement().satisfies(f -> {
            assertThat(f.method()).isEqualTo("LockedCompletionScanTest$SyncBlock.release()");
            assertThat(f.lock()).startsWith("a synchronized block");
            assertThat(f.chain()).singleElement().asString().startsWith("CompletableFuture.complete (LockedCompletionScanTest.java:");
        });
    }

    @Test
    void aHelperThatCompletesCalledFromASynchronizedMethodIsFound() throws IOException {
        assertThat(scan(SyncMethodHelper.class)).singleElement().satisfies(f -> {
            assertThat(f.method()).endsWith("SyncMethodHelper.release()");
            assertThat(f.lock()).isEqualTo("the monitor of this synchronized method");
            assertThat(f.chain()).hasSize(2);
            assertThat(f.chain().get(0)).contains("handOut()");
        });
    }

    @Test
    void aCompletionUnderAReentrantLockIsFoundAlsoAfterAnEarlyReturn() throws IOException {
        assertThat(scan(LockEarlyReturn.class)).singleElement().satisfies(f -> {
            assertThat(f.method()).endsWith("LockEarlyReturn.release()");
            assertThat(f.lock()).startsWith("ReentrantLock.lock()");
        });
    }

    @Test
    void aTaskCalledUnderAMonitorIsFound() throws IOException {
        assertThat(scan(TaskUnderMonitor.class)).singleElement()
                .satisfies(f -> assertThat(f.chain()).singleElement().asString().startsWith("Supplier.get"));
    }

    @Test
    void completingAfterUnlockingIsAllowedWithEitherKindOfLock() throws IOException {
        assertThat(scan(CompletesAfterUnlocking.class)).isEmpty();
    }
}
