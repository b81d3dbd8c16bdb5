package edu.concurrency.grader.runner;

import edu.concurrency.grader.fork.ForkMain;
import edu.concurrency.grader.jcstress.JvmStateCache;
import edu.concurrency.grader.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to grade.
 *
 * @param java          the java executable that runs the submission (JDK 17 or newer)
 * @param graderClassPath the grader's own classes and libraries, appended to the submission's
 *                      class path in forked JVMs
 * @param probesJar     the jcstress probes jar
 * @param workDir       scratch directory for compiled classes, plans and jcstress results
 * @param cores         the cores thresholds are scaled to
 * @param timeoutFactor multiplies every timeout, for slow runners (like the JSR-166 TCK's
 *                      {@code jsr166.delay.factor})
 * @param heapMegabytes maximum heap of the submission's JVMs, in MiB
 * @param maxOutputBytes how many bytes of the head and of the tail of each output stream of the
 *                      submission's JVMs are kept
 * @param maxThreads    the most live threads a submission's JVM may have (at least 50); above it
 *                      the running criterion fails and the JVM is ended
 * @param submissionTimeoutSeconds the total time the grading of one submission may take, in
 *                      seconds before the timeout factor (at least 1); criteria not judged by then
 *                      are errors
 * @param cacheDir      where findings about the JDK are kept between gradings (see
 *                      {@link edu.concurrency.grader.jcstress.JvmStateCache}), or null for no cache
 * @param sandbox       where the submission's processes run ({@link Sandbox#none()}: as the grader's user)
 */
public record GradingOptions(Path java, List<Path> graderClassPath, Path probesJar, Path workDir, int cores,
                             double timeoutFactor, int heapMegabytes, int maxOutputBytes, int maxThreads,
                             int submissionTimeoutSeconds, Path cacheDir, Sandbox sandbox) {

    /** Default heap of the submission's JVMs, in MiB. */
    public static final int DEFAULT_HEAP_MEGABYTES = 512;
    /** Default bytes kept of the head and of the tail of each output stream. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 32 * 1024;
    /** Default limit of live threads in a submission's JVM. */
    public static final int DEFAULT_MAX_THREADS = ForkMain.DEFAULT_MAX_THREADS;
    /** Default total time limit of one submission, in seconds before the timeout factor. */
    public static final int DEFAULT_SUBMISSION_TIMEOUT_SECONDS = 900;
    /** The lowest thread limit accepted: the JVM and JUnit need a few dozen threads of their own. */
    public static final int MIN_MAX_THREADS = 50;

    /**
     * @throws IllegalArgumentException when a limit is out of range (see {@link #checkLimits})
     */
    public GradingOptions {
        graderClassPath = List.copyOf(graderClassPath);
        sandbox = sandbox == null ? Sandbox.none() : sandbox;
        checkLimits(cores, timeoutFactor, heapMegabytes, maxOutputBytes, maxThreads, submissionTimeoutSeconds);
    }

    /**
     * Checks the numeric limits of the options, so that a command line can reject them before it
     * prepares anything.
     *
     * @throws IllegalArgumentException naming the first limit out of range and its value: cores
     *                                  below 1, a timeout factor not above 0, a heap below 16 MiB,
     *                                  output below 1 KiB, a thread limit below
     *                                  {@value #MIN_MAX_THREADS}, a submission timeout below 1 s
     */
    public static void checkLimits(int cores, double timeoutFactor, int heapMegabytes, int maxOutputBytes,
                                   int maxThreads, int submissionTimeoutSeconds) {
        require(cores >= 1, "the cores must be at least 1, not " + cores);
        require(timeoutFactor > 0, "the timeout factor must be above 0, not " + timeoutFactor);
        require(heapMegabytes >= 16, "the heap must be at least 16 MiB, not " + heapMegabytes);
        require(maxOutputBytes >= 1024, "the output kept must be at least 1024 bytes, not " + maxOutputBytes);
        require(maxThreads >= MIN_MAX_THREADS,
                "the thread limit must be at least " + MIN_MAX_THREADS + ", not " + maxThreads);
        require(submissionTimeoutSeconds >= 1,
                "the submission timeout must be at least 1 s, not " + submissionTimeoutSeconds);
    }

    private static void require(boolean inRange, String message) {
        if (!inRange) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Options without a cache and without a sandbox.
     *
     * @throws IllegalArgumentException when a limit is out of range
     */
    public GradingOptions(Path java, List<Path> graderClassPath, Path probesJar, Path workDir, int cores,
                          double timeoutFactor, int heapMegabytes, int maxOutputBytes, int maxThreads,
                          int submissionTimeoutSeconds) {
        this(java, graderClassPath, probesJar, workDir, cores, timeoutFactor, heapMegabytes, maxOutputBytes,
                maxThreads, submissionTimeoutSeconds, null, Sandbox.none());
    }

    /**
     * Options with the default thread limit ({@value #DEFAULT_MAX_THREADS}) and total time limit
     * ({@value #DEFAULT_SUBMISSION_TIMEOUT_SECONDS} s before the factor), no cache and no sandbox.
     *
     * @throws IllegalArgumentException when a limit is out of range
     */
    public GradingOptions(Path java, List<Path> graderClassPath, Path probesJar, Path workDir, int cores,
                          double timeoutFactor, int heapMegabytes, int maxOutputBytes) {
        this(java, graderClassPath, probesJar, workDir, cores, timeoutFactor, heapMegabytes, maxOutputBytes,
                DEFAULT_MAX_THREADS, DEFAULT_SUBMISSION_TIMEOUT_SECONDS, null, Sandbox.none());
    }

    /**
     * The default {@link #cacheDir()}: {@code $XDG_CACHE_HOME/concurrency-grader/jcstress-vm}, else
     * {@code $HOME/.cache/concurrency-grader/jcstress-vm}, else none (see {@link JvmStateCache#defaultDir}).
     *
     * @param env the environment
     * @return the directory, or null for no cache
     */
    public static Path defaultCacheDir(Map<String, String> env) {
        return JvmStateCache.defaultDir(env).orElse(null);
    }

    /** The JDK home of {@link #java()}: the directory above its {@code bin}. */
    public Path javaHome() {
        return java.toAbsolutePath().getParent().getParent();
    }

    /** The total time limit of one submission, scaled by the timeout factor. */
    public Duration submissionTimeout() {
        return Duration.ofMillis(Math.round(submissionTimeoutSeconds * 1000.0 * timeoutFactor));
    }
}
