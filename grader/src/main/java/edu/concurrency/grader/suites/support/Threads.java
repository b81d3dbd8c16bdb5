package edu.concurrency.grader.suites.support;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Waiting for threads with a deadline, and describing threads so that a student sees where they
 * are blocked.
 *
 * <p>Descriptions look like {@code consumer-2 WAITING on BoundedBuffer@1f in
 * BoundedBuffer.take(BoundedBuffer.java:41) calling Object.wait}: the thread, its state, the lock
 * or condition it waits for (and its owner, if any), the first stack frame of the exercise's
 * package (else the first frame outside the JDK), and the method that frame called.
 */
public final class Threads {

    /** The states of a thread that waits for something: it does not run, but has not ended. */
    public static final Set<Thread.State> WAITING_STATES =
            Set.of(Thread.State.WAITING, Thread.State.TIMED_WAITING, Thread.State.BLOCKED);

    /** Prefixes of the classes of the JDK, whose frames a description skips if it can. */
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** How often a state is polled while awaiting it: cheap, and fine-grained enough for tests. */
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private Threads() {
    }

    /**
     * Polls {@code thread}'s state until it is one of {@code states} or the timeout elapses.
     *
     * @param thread  the thread
     * @param timeout the longest time to poll
     * @param states  the states to wait for
     * @return true if the thread was seen in one of the states, false on timeout
     */
    public static boolean awaitState(Thread thread, Duration timeout, Set<Thread.State> states) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (states.contains(thread.getState())) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Polls {@code thread}'s state until it is one of the given states or the timeout elapses.
     *
     * @param thread  the thread
     * @param timeout the longest time to poll
     * @param first   a state to wait for
     * @param more    more states to wait for
     * @return true if the thread was seen in one of the states, false on timeout
     */
    public static boolean awaitState(Thread thread, Duration timeout, Thread.State first, Thread.State... more) {
        return awaitState(thread, timeout, EnumSet.of(first, more));
    }

    /**
     * Waits until {@code thread} waits for something ({@link #WAITING_STATES}) or has terminated,
     * or until the timeout elapses. Use it to give a thread the chance to block in a call before
     * checking that the call has not returned; a thread that busy-waits stays RUNNABLE and is
     * simply given the whole timeout.
     *
     * @param thread  the thread
     * @param timeout the longest time to poll
     * @return true if the thread was seen waiting or terminated, false on timeout
     */
    public static boolean awaitWaitingOrTerminated(Thread thread, Duration timeout) {
        EnumSet<Thread.State> states = EnumSet.copyOf(WAITING_STATES);
        states.add(Thread.State.TERMINATED);
        return awaitState(thread, timeout, states);
    }

    /**
     * Joins every thread, all within one timeout.
     *
     * @param threads the threads
     * @param timeout the longest time to wait for all of them
     * @return true if every thread has terminated, false if one is still alive at the deadline
     * @throws InterruptedException if the calling thread is interrupted
     */
    public static boolean joinAll(Collection<? extends Thread> threads, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Describes one thread for feedback.
     *
     * @param thread          the thread
     * @param exercisePackage the package whose frames to prefer, e.g. {@code edu.concurrency.queue}
     * @return for example {@code taker WAITING on BoundedBuffer@1f in
     *     BoundedBuffer.take(BoundedBuffer.java:41) calling Object.wait}
     */
    public static String describe(Thread thread, String exercisePackage) {
        ThreadInfo info = null;
        if (thread.isAlive()) {
            try {
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                info = mx.getThreadInfo(thread.getId(), Integer.MAX_VALUE);
            } catch (RuntimeException e) { // SecurityException, UnsupportedOperationException
                info = null;
            }
        }
        if (info == null) {
            return thread.getName() + " " + thread.getState()
                    + (thread.isAlive() ? location(thread.getStackTrace(), exercisePackage) : "");
        }
        StringBuilder out = new StringBuilder(thread.getName()).append(' ').append(info.getThreadState());
        LockInfo lock = info.getLockInfo();
        if (lock != null) {
            out.append(" on ").append(simpleName(lock.getClassName())).append('@')
                    .append(Integer.toHexString(lock.getIdentityHashCode()));
            if (info.getLockOwnerName() != null) {
                out.append(" held by ").append(info.getLockOwnerName());
            }
        }
        return out.append(location(info.getStackTrace(), exercisePackage)).toString();
    }

    /**
     * Describes several threads for feedback, separated by {@code "; "}. Threads in the same state
     * at the same place share one description: {@code producer-0, producer-1 WAITING on
     * BoundedBuffer@1f in BoundedBuffer.put(BoundedBuffer.java:30) calling Object.wait}.
     *
     * @param threads         the threads
     * @param exercisePackage the package whose frames to prefer
     * @return the descriptions, or {@code "no thread"} for an empty collection
     */
    public static String describe(Collection<? extends Thread> threads, String exercisePackage) {
        if (threads.isEmpty()) {
            return "no thread";
        }
        Map<String, List<String>> namesByPlace = new LinkedHashMap<>();
        for (Thread thread : threads) {
            String name = thread.getName();
            String description = describe(thread, exercisePackage);
            String place = description.startsWith(name) ? description.substring(name.length()) : " " + description;
            namesByPlace.computeIfAbsent(place, k -> new ArrayList<>()).add(name);
        }
        return namesByPlace.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + e.getKey())
                .collect(Collectors.joining("; "));
    }

    /**
     * The stack of a thread as a throwable, to attach as the cause of a failure: the runner then
     * reports the file and line of the submission's code where the thread is stuck.
     *
     * @param thread          the thread
     * @param exercisePackage the package whose frames to prefer
     * @return a throwable whose message describes the thread and whose stack trace is the thread's
     */
    public static Throwable stackOf(Thread thread, String exercisePackage) {
        Throwable stack = new Throwable("stack of " + describe(thread, exercisePackage));
        stack.setStackTrace(thread.getStackTrace());
        return stack;
    }

    /**
     * The first of {@code threads} that has a frame of {@code exercisePackage} on its stack.
     *
     * @param threads         the threads
     * @param exercisePackage the package
     * @return that thread, or null
     */
    public static Thread firstIn(Collection<? extends Thread> threads, String exercisePackage) {
        for (Thread thread : threads) {
            if (preferredFrame(thread.getStackTrace(), exercisePackage, true) >= 0) {
                return thread;
            }
        }
        return null;
    }

    /**
     * Formats a duration for feedback: {@code "5 s"}, {@code "0.25 s"}, {@code "12 ms"}.
     *
     * @param duration the duration
     * @return the duration in seconds, or in milliseconds below 0.1 s
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 100) {
            return millis + " ms";
        }
        String seconds = String.format(Locale.ROOT, "%.2f", millis / 1000.0)
                .replaceAll("0+$", "").replaceAll("\\.$", "");
        return seconds + " s";
    }

    /**
     * A list of the threads' names, for feedback.
     *
     * @param threads the threads
     * @return for example {@code [producer-0, consumer-1]}
     */
    public static List<String> names(Collection<? extends Thread> threads) {
        return threads.stream().map(Thread::getName).toList();
    }

    private static String location(StackTraceElement[] frames, String exercisePackage) {
        int preferred = preferredFrame(frames, exercisePackage, false);
        if (preferred < 0) {
            return "";
        }
        String where = " in " + frame(frames[preferred]);
        return preferred > 0 ? where + " calling " + method(frames[preferred - 1]) : where;
    }

    /** Index of the first frame of the package, else (unless strict) the first non-JDK one, else 0. */
    private static int preferredFrame(StackTraceElement[] frames, String exercisePackage, boolean strict) {
        String prefix = exercisePackage + ".";
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().startsWith(prefix)) {
                return i;
            }
        }
        if (strict) {
            return -1;
        }
        for (int i = 0; i < frames.length; i++) {
            if (!isJdk(frames[i].getClassName())) {
                return i;
            }
        }
        return frames.length > 0 ? 0 : -1;
    }

    private static boolean isJdk(String className) {
        return JDK_PACKAGES.stream().anyMatch(className::startsWith);
    }

    private static String frame(StackTraceElement f) {
        String file = f.getFileName() == null ? "Unknown Source"
                : f.getLineNumber() > 0 ? f.getFileName() + ":" + f.getLineNumber() : f.getFileName();
        return method(f) + "(" + file + ")";
    }

    private static String method(StackTraceElement f) {
        return simpleName(f.getClassName()) + "." + f.getMethodName();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
