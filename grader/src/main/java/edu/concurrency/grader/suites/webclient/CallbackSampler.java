package edu.concurrency.grader.suites.webclient;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The run-time check that no callback of the submission blocks: while a workload runs, a sampler
 * thread looks at the stacks of all threads every {@value #INTERVAL_MICROS} µs and records every
 * thread that is blocked (WAITING or TIMED_WAITING: parked, sleeping, in {@code Object.wait})
 * with a frame of the submission running inside a {@link java.util.concurrent.CompletableFuture}
 * callback. It judges by the stack, not by the thread: {@code HttpClient.sendAsync} runs
 * dependent callbacks on its own executor, {@code supplyAsync} on the common pool (with 2 cores
 * its parallelism is 1, so a new thread per task), and a completion may run callbacks on any
 * thread that completes a future.
 *
 * <p>Why sampling and not an agent such as BlockHound: it needs no JVM flags and no
 * instrumentation (BlockHound's installation took 1.5-1.8 s of CPU time per JVM here), and the
 * blocking calls students make in callbacks last as long as what they wait for (a request of
 * the workload takes at least 60 ms, a backoff 100 ms), hundreds of sampling intervals.
 *
 * <p>Besides callbacks, it judges the submission's tasks on threads of their own: a thread
 * without any frame of the grader (a thread the submission started, or a pool or timer thread
 * running the submission's task) that is blocked in the submission's code. Only threads the
 * grader itself calls into (the callers of public methods, judged by the 50 ms limit of
 * {@code webclient.perf.returns-fast}) are left out. This is where a {@code join} or {@code get}
 * of an unfinished future is caught: the static rule leaves them alone, because
 * {@code join} on a future that is done (after {@code allOf}) never waits.
 *
 * <p>Not counted as blocking: a thread BLOCKED on a monitor, or waiting in {@code lock()} of a
 * {@code ReentrantLock} or {@code ReentrantReadWriteLock} (a short critical section is allowed
 * with either); waits inside class loading and linking, or inside printing and logging.
 */
final class CallbackSampler implements AutoCloseable {

    /** The grader's own frames: a thread with one is a caller of a public method, not a callback. */
    private static final String GRADER_PACKAGE = "edu.concurrency.grader.";

    /** Sampling interval in microseconds: 2 ms, against blocking calls of 60 ms and more. */
    static final long INTERVAL_MICROS = 2000;

    /**
     * A blocked callback that was observed.
     *
     * @param thread      the thread's name
     * @param state       WAITING or TIMED_WAITING
     * @param blockedIn   the call of the submission that blocked, e.g. {@code CompletableFuture.join}
     * @param callback    what the submission's code ran inside, e.g. {@code the CompletableFuture callback
     *                    CompletableFuture$UniApply.tryFire} or {@code a task of its own thread (Thread.run)}
     * @param stack       the whole stack at the time
     */
    record Sighting(String thread, Thread.State state, String blockedIn, String callback, StackTraceElement[] stack) {

        /**
         * @return the submission's frames (innermost first), as {@code Class.method(File.java:line)};
         *     a lambda shows as {@code lambda in Class.method(File.java:line)}, and the JVM's hidden
         *     lambda classes are left out
         */
        List<String> submissionFrames() {
            List<String> frames = new ArrayList<>();
            for (StackTraceElement f : stack) {
                if (f.getClassName().startsWith(WebClientHarness.PACKAGE + ".") && f.getLineNumber() > 0) {
                    frames.add(frame(f));
                }
            }
            return frames;
        }

        private static String frame(StackTraceElement f) {
            String method = f.getMethodName();
            String where = simple(f.getClassName()) + ".";
            if (method.startsWith("lambda$")) {
                String[] parts = method.split("\\$");
                where = "lambda in " + where + (parts.length > 1 ? parts[1] : method);
            } else {
                where += method;
            }
            return where + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
        }

        /** @return a throwable carrying the stack, so that the runner points at the submission's line */
        Throwable asThrowable() {
            Throwable t = new Throwable("stack of " + thread + " (" + state + ") blocked in " + blockedIn);
            t.setStackTrace(stack);
            return t;
        }
    }

    private final String exercisePackage;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Sighting> sightings = new LinkedHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong samples = new AtomicLong();
    private final Thread sampler;

    private CallbackSampler(String exercisePackage) {
        this.exercisePackage = exercisePackage;
        // "grader-" threads are the grader's own; the runner does not report them as left behind
        this.sampler = new Thread(this::sampleUntilClosed, "grader-callback-sampler");
        this.sampler.setDaemon(true);
    }

    /**
     * Starts sampling.
     *
     * @param exercisePackage the submission's package, e.g. {@code edu.concurrency.webclient}
     * @return the running sampler; close it to stop
     */
    static CallbackSampler start(String exercisePackage) {
        CallbackSampler s = new CallbackSampler(exercisePackage);
        s.sampler.start();
        return s;
    }

    /** @return the blocked callbacks seen so far, one per call site of the submission (the first thread seen there) */
    synchronized List<Sighting> sightings() {
        return List.copyOf(sightings.values());
    }

    /** @return how many times all threads were sampled */
    long samples() {
        return samples.get();
    }

    /** Stops sampling and waits (at most 1 s) for the sampler thread to end. */
    @Override
    public void close() {
        running.set(false);
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sampleUntilClosed() {
        long self = Thread.currentThread().getId();
        while (running.get()) {
            for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                if (info == null || info.getThreadId() == self) {
                    continue;
                }
                Thread.State state = info.getThreadState();
                if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                    Sighting sighting = judge(info.getThreadName(), state, info.getStackTrace());
                    if (sighting != null) {
                        record(sighting);
                    }
                }
            }
            samples.incrementAndGet();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(INTERVAL_MICROS));
        }
    }

    private synchronized void record(Sighting sighting) {
        List<String> frames = sighting.submissionFrames();
        sightings.putIfAbsent(frames.isEmpty() ? sighting.thread() : frames.get(0), sighting);
    }

    /**
     * Judges one blocked thread by its stack (innermost frame first).
     *
     * @return the sighting if a frame of the submission, running inside a CompletableFuture
     *     callback or a task on a thread without grader frames, made the call that blocks; null
     *     otherwise
     */
    Sighting judge(String thread, Thread.State state, StackTraceElement[] stack) {
        int submission = -1;
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().startsWith(exercisePackage + ".")) {
                submission = i;
                break;
            }
        }
        if (submission <= 0) {
            return null;
        }
        String callback = null;
        for (int i = submission + 1; i < stack.length && callback == null; i++) {
            if (stack[i].getClassName().startsWith("java.util.concurrent.CompletableFuture")) {
                callback = simple(stack[i].getClassName()) + "." + stack[i].getMethodName();
            }
        }
        if (callback == null) {
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().startsWith(GRADER_PACKAGE)) {
                    return null; // a caller thread in a public method (judged by the performance suite)
                }
            }
            // a thread the submission started, or a pool or timer thread running the submission's task
            StackTraceElement bottom = stack[stack.length - 1];
            callback = "a task of its own thread (" + simple(bottom.getClassName()) + "." + bottom.getMethodName() + ")";
        } else {
            callback = "the CompletableFuture callback " + callback;
        }
        for (int i = 0; i < submission; i++) {
            if (benign(stack[i]) || isLockEntry(stack[i])) {
                // waiting to enter a critical section counts like BLOCKED on a monitor: a short
                // section is allowed with a lock as with synchronized (holding either while
                // completing a future is judged by webclient.arch.no-completion-under-lock)
                return null;
            }
        }
        StackTraceElement callee = stack[submission - 1];
        String type = callee.getClassName().startsWith("jdk.internal.net.http.HttpClient") ? "HttpClient"
                : simple(callee.getClassName());
        return new Sighting(thread, state, type + "." + callee.getMethodName(), callback, stack);
    }

    /** Whether a frame between the blocking point and the submission explains the wait as benign. */
    private static boolean benign(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("java.lang.ClassLoader") || c.startsWith("jdk.internal.loader.") || c.startsWith("java.lang.invoke.")
                || c.startsWith("jdk.internal.reflect.") || c.equals("java.lang.Class") || c.startsWith("sun.invoke.")
                // class loading and linking
                || c.equals("java.io.PrintStream") || c.startsWith("java.util.logging.") || c.equals("java.lang.Throwable");
                // printing and logging
    }

    /** Whether a frame takes a lock (or yields) on behalf of its caller. */
    private static boolean isLockEntry(StackTraceElement frame) {
        String c = frame.getClassName();
        String m = frame.getMethodName();
        return (c.startsWith("java.util.concurrent.locks.ReentrantLock")
                || c.startsWith("java.util.concurrent.locks.ReentrantReadWriteLock"))
                && (m.equals("lock") || m.equals("lockInterruptibly") || m.equals("tryLock"))
                || c.equals("java.lang.Thread") && m.equals("yield");
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
