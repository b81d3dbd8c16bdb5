package edu.concurrency.grader.runner;

import java.nio.file.Path;
import java.util.List;

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
 */
public record GradingOptions(Path java, List<Path> graderClassPath, Path probesJar, Path workDir, int cores,
                             double timeoutFactor, int heapMegabytes, int maxOutputBytes) {

    /** Default heap of the submission's JVMs, in MiB. */
    public static final int DEFAULT_HEAP_MEGABYTES = 512;
    /** Default bytes kept of the head and of the tail of each output stream. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 32 * 1024;

    public GradingOptions {
        graderClassPath = List.copyOf(graderClassPath);
        if (cores < 1 || timeoutFactor <= 0 || heapMegabytes < 16 || maxOutputBytes < 1024) {
            throw new IllegalArgumentException("cores >= 1, timeoutFactor > 0, heap >= 16 MiB, output >= 1 KiB");
        }
    }

    /** The JDK home of {@link #java()}: the directory above its {@code bin}. */
    public Path javaHome() {
        return java.toAbsolutePath().getParent().getParent();
    }
}
