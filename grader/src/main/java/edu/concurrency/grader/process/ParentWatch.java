package edu.concurrency.grader.process;

import java.time.Duration;
import java.util.Optional;

/**
 * Notices that the process that started this JVM is gone, and then runs an action once.
 *
 * <p>When a parent dies, however it dies ({@code kill -9} included, which runs no shutdown hook),
 * the kernel gives its children a new parent (init, or the nearest subreaper): so a changed parent
 * process id means the parent is gone. The JDK reads it afresh from {@code /proc/self/stat} on
 * every {@link ProcessHandle#parent()}. A daemon thread looks every {@link #PERIOD}; the cost is
 * one small read per look.
 *
 * <p>The parent to watch is the pid in the system property {@value #PARENT_PROPERTY}, which the
 * starting process sets ({@link #property()}), else the parent at the time of {@link #start}: with
 * the property, a parent that died while this JVM was starting, before the watch began, is seen too.
 */
public final class ParentWatch {
    /** System property: the pid of the process expected to be this JVM's parent. */
    public static final String PARENT_PROPERTY = "concurrency.grader.parent";

    /** How often the parent is looked at. */
    public static final Duration PERIOD = Duration.ofMillis(500);

    private ParentWatch() {
    }

    /**
     * Starts watching the current parent: when it is gone, {@code whenGone} runs (on the watch's
     * daemon thread) and the watch ends. Nothing happens when this JVM has no parent to watch.
     *
     * @param whenGone what to do, typically end this JVM
     * @return the watching thread, or empty when there is no parent
     */
    public static Optional<Thread> start(Runnable whenGone) {
        Optional<Long> parent = expectedParent().or(ParentWatch::parentPid);
        if (parent.isEmpty() || parent.get() <= 1) {
            return Optional.empty();
        }
        long original = parent.get();
        Thread watch = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(PERIOD.toMillis());
                } catch (InterruptedException e) {
                    // only the parent's death ends this watch: code of the submission may interrupt any thread
                }
                if (!parentPid().equals(Optional.of(original))) {
                    whenGone.run();
                    return;
                }
            }
        }, "grader-parent-watch");
        watch.setDaemon(true);
        watch.setPriority(Thread.MAX_PRIORITY);
        watch.start();
        return Optional.of(watch);
    }

    /**
     * The JVM option that names this process as the parent of the JVM it starts:
     * {@code -Dconcurrency.grader.parent=PID}.
     */
    public static String property() {
        return "-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid();
    }

    private static Optional<Long> expectedParent() {
        try {
            return Optional.ofNullable(System.getProperty(PARENT_PROPERTY)).map(String::trim).map(Long::valueOf);
        } catch (NumberFormatException notAPid) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parentPid() {
        try {
            return ProcessHandle.current().parent().map(ProcessHandle::pid);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Kills (SIGKILL) every descendant of this JVM, then halts it with {@code status}: what a JVM
     * whose parent is gone does when no one remains to clean up after it.
     */
    public static void killDescendantsAndHalt(int status) {
        try {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        } finally {
            Runtime.getRuntime().halt(status);
        }
    }
}
