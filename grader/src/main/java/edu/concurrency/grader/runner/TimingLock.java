package edu.concurrency.grader.runner;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A machine-wide readers-writer lock between gradings, so that several gradings may run at once
 * (two CI jobs, {@code batch --jobs N} processes, a developer's test run) without lying about
 * timing: a grading holds the lock <em>shared</em> while it compiles and runs its correctness and
 * architecture criteria (and starts jcstress), and <em>alone</em> (exclusive) while it measures
 * performance or runs jcstress's forks, whose verdicts depend on having the cores to itself (a
 * race probe's two actors need two CPUs at once to interleave).
 *
 * <p>The lock is a file ({@link #defaultFile()}: {@code concurrency-grader-USER.lock} in
 * {@code java.io.tmpdir}) locked with {@link FileChannel#lock(long, long, boolean)}, which on
 * Linux and macOS is a POSIX record lock ({@code fcntl(F_SETLKW)}): the kernel releases it when
 * the process ends, however it ends, so a killed grader never leaves it held. Byte 1 is the
 * readers-writer lock itself; byte 0 is a turnstile that a grading passes through before taking
 * byte 1 either way, and that a grading waiting to be alone holds while it waits, so that a stream
 * of shared holders cannot starve it (the "no-starve" readers-writer solution, A. B. Downey,
 * <i>The Little Book of Semaphores</i>, 2nd ed., section 4.2.6).
 *
 * <p>POSIX record locks are per process: this class coordinates gradings in different JVMs, not
 * threads of one JVM (the JVM refuses overlapping locks of its own with
 * {@link java.nio.channels.OverlappingFileLockException}). One instance serves one grading at a
 * time.
 */
public final class TimingLock implements AutoCloseable {
    private static final long TURNSTILE = 0;
    private static final long READERS_WRITER = 1;

    private final FileChannel channel;
    private FileLock held;

    private TimingLock(FileChannel channel) {
        this.channel = channel;
    }

    /** The default lock file: {@code concurrency-grader-USER.lock} in {@code java.io.tmpdir}. */
    public static Path defaultFile() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "concurrency-grader-" + user + ".lock");
    }

    /**
     * Opens (creating if needed) the lock file; holds nothing yet.
     *
     * @throws IOException when the file cannot be opened for reading and writing
     */
    public static TimingLock open(Path file) throws IOException {
        return new TimingLock(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    /** A lock that coordinates with nobody: every method returns at once. */
    public static TimingLock none() {
        return new TimingLock(null);
    }

    /**
     * Holds the lock shared, waiting while another grading holds it alone or waits to; does
     * nothing when this instance holds it already.
     *
     * @return the time waited, in ms
     * @throws IOException when the lock cannot be taken (the thread's interrupt closes the file:
     *                     {@link java.nio.channels.ClosedByInterruptException})
     */
    public long share() throws IOException {
        if (channel == null || held != null) {
            return 0;
        }
        long start = System.nanoTime();
        try (FileLock turnstile = channel.lock(TURNSTILE, 1, false)) {
            held = channel.lock(READERS_WRITER, 1, true);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Holds the lock alone until the returned handle is closed (which releases it; call
     * {@link #share()} to hold it shared again): waits until every other grading has left its
     * shared phase, while gradings that come later wait for this one.
     *
     * @return the handle; its {@link Alone#waitedMillis()} is the time waited, in ms
     * @throws IOException when the lock cannot be taken
     */
    public Alone alone() throws IOException {
        if (channel == null) {
            return new Alone(this, 0);
        }
        release();
        long start = System.nanoTime();
        try (FileLock turnstile = channel.lock(TURNSTILE, 1, false)) {
            held = channel.lock(READERS_WRITER, 1, false);
        }
        return new Alone(this, (System.nanoTime() - start) / 1_000_000);
    }

    /** Whether this instance now holds the lock alone. */
    public boolean heldAlone() {
        return held != null && held.isValid() && !held.isShared();
    }

    /** Whether this instance now holds the lock shared. */
    public boolean heldShared() {
        return held != null && held.isValid() && held.isShared();
    }

    /**
     * Releases whatever this instance holds; it may be taken again.
     *
     * @throws IOException when the file lock cannot be released
     */
    public void release() throws IOException {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    /** Releases whatever this instance holds and closes the file. */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            release();
            channel.close();
        }
    }

    /**
     * The lock held alone; closing it releases it.
     *
     * @param lock         the lock
     * @param waitedMillis how long taking it alone waited, in ms
     */
    public record Alone(TimingLock lock, long waitedMillis) implements AutoCloseable {
        /**
         * @throws IOException when the file lock cannot be released
         */
        @Override
        public void close() throws IOException {
            lock.release();
        }
    }
}
