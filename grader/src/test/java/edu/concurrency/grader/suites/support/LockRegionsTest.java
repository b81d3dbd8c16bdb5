package edu.concurrency.grader.suites.support;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.suites.support.LockRegions.SplitSection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@link LockRegions#splitSection} (the check-then-act fallback of {@code queue.check-then-act})
 * proven both ways on small polls compiled with the tests: a poll that keeps check, read and
 * removal in one critical section, or that re-checks in its second one and returns only what it
 * read there, has no split; a poll that reads the head under the lock, releases it, and removes
 * and returns that head under a second acquisition has one, with the lines of the store
 * ({@code // STORE}), the second acquisition ({@code // RELOCK}) and the use ({@code // USE}).
 */
class LockRegionsTest {

    /** The method {@code name} of a fixture class, read from its class file. */
    private static MethodNode method(Class<?> fixture, String name) throws IOException {
        String resource = fixture.getName().substring(fixture.getName().lastIndexOf('.') + 1) + ".class";
        ClassNode node = new ClassNode();
        try (InputStream in = fixture.getResourceAsStream(resource)) {
            new ClassReader(in.readAllBytes()).accept(node, ClassReader.SKIP_FRAMES);
        }
        return node.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    /** A circular buffer's state and removal, shared by the fixtures. */
    abstract static class Base {
        final Object[] items = new Object[4];
        int head;
        int count;

        Object dequeue() {
            Object item = items[head];
            items[head] = null;
            head = (head + 1) % items.length;
            count--;
            return item;
        }
    }

    // --- one critical section: no split -------------------------------------------------------

    static class CorrectPolls extends Base {
        private final ReentrantLock lock = new ReentrantLock();

        synchronized Object synchronizedPoll() {
            return count == 0 ? null : dequeue();
        }

        Object blockPoll() {
            Object item;
            synchronized (this) {
                if (count == 0) {
                    return null;
                }
                item = dequeue();
            }
            return item; // used after the lock, but it was never taken again
        }

        Object lockPoll() {
            lock.lock();
            try {
                return count == 0 ? null : dequeue();
            } finally {
                lock.unlock();
            }
        }

        /** Peeks in one section, then re-checks in a second one and returns only what it read there. */
        Object recheckingPoll() {
            boolean seen;
            synchronized (this) {
                seen = count > 0;
            }
            if (!seen) {
                return null;
            }
            Object item;
            synchronized (this) {
                item = count == 0 ? null : dequeue();
            }
            return item;
        }
    }

    @Test
    @DisplayName("a poll that checks, reads and removes in one critical section (monitor or Lock), or re-checks in its second one, has no split")
    void oneCriticalSectionIsNoSplit() throws IOException {
        for (String name : List.of("synchronizedPoll", "blockPoll", "lockPoll", "recheckingPoll")) {
            assertThat(LockRegions.splitSection(method(CorrectPolls.class, name))).as(name).isEmpty();
        }
    }

    // --- split: reported with its lines -------------------------------------------------------

    /** The poll-split-critical-section mistake, with a monitor. */
    static class SplitMonitorPoll extends Base {
        Object poll() {
            Object item;
            synchronized (this) {
                if (count == 0) {
                    return null;
                }
                item = items[head]; // STORE
            }
            synchronized (this) { // RELOCK
                dequeue();
            }
            return item; // USE
        }
    }

    /** The same with a ReentrantLock. */
    static class SplitLockPoll extends Base {
        private final ReentrantLock lock = new ReentrantLock();

        Object poll() {
            Object item;
            lock.lock();
            try {
                if (count == 0) {
                    return null;
                }
                item = items[head]; // STORE
            } finally {
                lock.unlock();
            }
            lock.lock(); // RELOCK
            try {
                dequeue();
            } finally {
                lock.unlock();
            }
            return item; // USE
        }
    }

    @Test
    @DisplayName("a value read under the lock and used after the lock was released and taken again is a split, with its three lines")
    void readReleaseRelockUseIsASplit() throws IOException {
        for (Class<?> fixture : List.of(SplitMonitorPoll.class, SplitLockPoll.class)) {
            Optional<SplitSection> split = LockRegions.splitSection(method(fixture, "poll"));
            assertThat(split).as(fixture.getSimpleName()).contains(new SplitSection(
                    marked(fixture, "STORE"), marked(fixture, "RELOCK"), marked(fixture, "USE")));
        }
    }

    /** The line in the fixture's class body that ends in {@code // MARKER}. */
    private static int marked(Class<?> fixture, String marker) throws IOException {
        List<String> lines = Files.readAllLines(
                Path.of("src/test/java/edu/concurrency/grader/suites/support/LockRegionsTest.java"));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("static class " + fixture.getSimpleName() + " ")) {
                start = i;
            } else if (start >= 0 && lines.get(i).endsWith("// " + marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line marked " + marker + " in " + fixture.getSimpleName());
    }
}
