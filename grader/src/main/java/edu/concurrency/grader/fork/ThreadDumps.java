package edu.concurrency.grader.fork;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Thread dumps that show a student which thread waits on what, held by whom.
 *
 * <p>Only threads that run code of the exercise's package, or wait on a lock of one of its
 * classes, are shown; JVM and JUnit threads are left out. Deadlocks found by {@link
 * ThreadMXBean#findDeadlockedThreads()} are named first.
 */
public final class ThreadDumps {
    private static final int MAX_FRAMES = 12;

    private ThreadDumps() {
    }

    /**
     * Dumps the relevant threads of this JVM.
     *
     * @param exercisePackage for example {@code edu.concurrency.queue}
     * @return the dump, or a sentence saying no thread of the submission was alive
     */
    public static String dump(String exercisePackage) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ThreadInfo[] infos = mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported());
        long[] deadlocked = mx.findDeadlockedThreads();
        Set<Long> inDeadlock = new HashSet<>();
        if (deadlocked != null) {
            Arrays.stream(deadlocked).forEach(inDeadlock::add);
        }
        StringBuilder out = new StringBuilder();
        if (!inDeadlock.isEmpty()) {
            out.append("Deadlock: ").append(inDeadlock.size())
                    .append(" threads each wait for a lock another one of them holds.\n");
        }
        int shown = 0;
        for (ThreadInfo info : infos) {
            if (info == null || !(inDeadlock.contains(info.getThreadId()) || relevant(info, exercisePackage))) {
                continue;
            }
            shown++;
            describe(info, exercisePackage, out);
        }
        if (shown == 0) {
            out.append("No thread was running or waiting in ").append(exercisePackage).append(" code.\n");
        }
        return out.toString();
    }

    private static boolean relevant(ThreadInfo info, String pkg) {
        LockInfo lock = info.getLockInfo();
        if (lock != null && lock.getClassName().startsWith(pkg + ".")) {
            return true;
        }
        return Arrays.stream(info.getStackTrace()).anyMatch(f -> f.getClassName().startsWith(pkg + "."));
    }

    private static void describe(ThreadInfo info, String pkg, StringBuilder out) {
        out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
        if (info.getLockInfo() != null) {
            out.append(" on ").append(simple(info.getLockInfo()));
            if (info.getLockOwnerName() != null) {
                out.append(" held by \"").append(info.getLockOwnerName()).append('"');
            }
        }
        out.append('\n');
        StackTraceElement[] frames = info.getStackTrace();
        for (int i = 0; i < frames.length && i < MAX_FRAMES; i++) {
            StackTraceElement f = frames[i];
            boolean mine = f.getClassName().startsWith(pkg + ".");
            out.append(mine ? "  > " : "    ").append(f).append('\n');
            for (MonitorInfo m : info.getLockedMonitors()) {
                if (m.getLockedStackDepth() == i) {
                    out.append("      holds ").append(simple(m)).append('\n');
                }
            }
        }
        if (frames.length > MAX_FRAMES) {
            out.append("    ... ").append(frames.length - MAX_FRAMES).append(" more frames\n");
        }
        for (LockInfo sync : info.getLockedSynchronizers()) {
            out.append("  holds ").append(simple(sync)).append('\n');
        }
    }

    private static String simple(LockInfo lock) {
        String name = lock.getClassName();
        return name.substring(name.lastIndexOf('.') + 1) + "@" + Integer.toHexString(lock.getIdentityHashCode());
    }
}
