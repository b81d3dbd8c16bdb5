package edu.concurrency.grader.fork;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sees a hang long before the criterion's watchdog: a check is stalled when every thread that
 * runs the check's or the submission's code (a frame in the exercise's package or in the grader's
 * suites) waits without a timeout, {@link Thread.State#WAITING} or {@link Thread.State#BLOCKED},
 * and none of them has changed (state, stack, and the JVM's counts of its waits and blocks) for
 * the stall time. Nothing in the check or the submission can then end the wait: a deadlock, a
 * lost wakeup, a constructor or method that waits for a condition nobody will signal.
 *
 * <p>A thread that waits with a timeout or runs (a check sleeping before it signals, a spin
 * loop) keeps the check from being stalled, so every timed wait of a suite still reports with its
 * own words; so does a thread waiting for something another kind of thread may complete: a
 * {@link java.util.concurrent.CompletableFuture} (completed by the JDK's HTTP client or a pool),
 * a child process, or I/O. The rule is therefore sound only where the exercise's threads can be
 * woken by nothing else; the rubric turns it on per exercise ({@code stallSeconds}).
 *
 * <p>Not thread-safe: one sampling thread calls {@link #sample()}.
 */
final class StallDetector {
    private static final String SUITES_PACKAGE = "edu.concurrency.grader.suites.";
    /** Frames of waits that threads outside the check may end: they keep a check from being stalled. */
    private static final List<String> WOKEN_FROM_OUTSIDE = List.of(
            "java.util.concurrent.CompletableFuture", "java.lang.ProcessImpl", "java.lang.ProcessHandleImpl",
            "sun.nio.", "java.net.", "jdk.internal.net.");

    private final String exercisePackage;
    private final long stallNanos;
    private final long repeatedNanos;
    private final Set<String> stalledBefore;
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private Map<Long, Waiting> previous = Map.of();
    private long unchangedSince;

    /**
     * @param exercisePackage the submission's package, e.g. {@code edu.concurrency.queue}
     * @param stallMillis     how long nothing may change before the check counts as stalled, in ms
     */
    StallDetector(String exercisePackage, long stallMillis) {
        this(exercisePackage, stallMillis, stallMillis, List.of());
    }

    /**
     * @param exercisePackage the submission's package, e.g. {@code edu.concurrency.queue}
     * @param stallMillis     how long nothing may change before the check counts as stalled, in ms
     * @param repeatedMillis  how long is enough when the threads wait exactly where an earlier
     *                        criterion stalled ({@link #where()} within {@code stalledBefore}), in ms
     * @param stalledBefore   the places of earlier stalls, as {@link #where()} gives them
     */
    StallDetector(String exercisePackage, long stallMillis, long repeatedMillis, List<String> stalledBefore) {
        this.exercisePackage = exercisePackage + ".";
        this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
        this.repeatedNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(stallMillis, repeatedMillis));
        this.stalledBefore = Set.copyOf(stalledBefore);
    }

    /** Whether the threads of the last sample wait exactly where an earlier criterion stalled. */
    boolean repeatsAnEarlierStall() {
        List<String> where = where();
        return !where.isEmpty() && stalledBefore.containsAll(where);
    }

    /** One waiting thread as sampled: equal samples mean that nothing happened to it in between. */
    private record Waiting(Thread.State state, long waitedCount, long blockedCount, List<StackTraceElement> stack) {
    }

    /**
     * Where the waiting threads of the last sample wait in the submission's code: the innermost
     * frame of the exercise's package of each, as {@code File.java:line (method)}, distinct, in
     * thread order; empty when none of them is in the submission's code.
     */
    List<String> where() {
        return previous.values().stream()
                .flatMap(w -> w.stack().stream().filter(f -> f.getClassName().startsWith(exercisePackage)).limit(1))
                .map(f -> f.getFileName() + ":" + f.getLineNumber() + " (" + f.getMethodName() + ")")
                .distinct().toList();
    }

    /**
     * Samples the threads once.
     *
     * @return whether the check has now been stalled for the stall time
     */
    boolean sample() {
        long now = System.nanoTime();
        Map<Long, Waiting> current = waitingThreads();
        if (current.isEmpty() || !current.equals(previous)) {
            previous = current;
            unchangedSince = now;
            return false;
        }
        long unchanged = now - unchangedSince;
        return unchanged >= stallNanos || (unchanged >= repeatedNanos && repeatsAnEarlierStall());
    }

    /**
     * The threads of the check and the submission, if every one of them waits without a timeout
     * for something only they could end; else an empty map.
     */
    private Map<Long, Waiting> waitingThreads() {
        Map<Long, Waiting> waiting = new LinkedHashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds(), Integer.MAX_VALUE)) {
            if (info == null || !relevant(info)) {
                continue;
            }
            Thread.State state = info.getThreadState();
            List<StackTraceElement> stack = Arrays.asList(info.getStackTrace());
            if (state != Thread.State.WAITING && state != Thread.State.BLOCKED || wokenFromOutside(stack)) {
                return Map.of();
            }
            waiting.put(info.getThreadId(), new Waiting(state, info.getWaitedCount(), info.getBlockedCount(), stack));
        }
        return waiting;
    }

    private boolean relevant(ThreadInfo info) {
        for (StackTraceElement f : info.getStackTrace()) {
            if (f.getClassName().startsWith(exercisePackage) || f.getClassName().startsWith(SUITES_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    private static boolean wokenFromOutside(List<StackTraceElement> stack) {
        return stack.stream().anyMatch(f -> WOKEN_FROM_OUTSIDE.stream().anyMatch(p -> f.getClassName().startsWith(p)));
    }
}
