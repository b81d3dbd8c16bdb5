package edu.concurrency.grader.suites.support;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the runner tells the submission's JVM about the machine and the submission, read from
 * system properties. Suites read these properties only through {@link #current()}.
 *
 * @param cores             the number of cores performance thresholds scale to, at least 1
 *                          (property {@value #CORES}; default {@link Runtime#availableProcessors()})
 * @param timeoutFactor     the factor every timeout and deadline of a suite is multiplied by, &gt; 0
 *                          (property {@value #TIMEOUT_FACTOR}; default 1.0); a slow or loaded
 *                          grading machine gets a larger factor
 * @param submissionClasses the directory with the submission's compiled classes, for ArchUnit
 *                          (property {@value #SUBMISSION_CLASSES}); null when the property is not
 *                          set, see {@link #requireSubmissionClasses()}
 */
public record GradingEnvironment(int cores, double timeoutFactor, Path submissionClasses) {

    /** System property: the cores thresholds scale to (int). */
    public static final String CORES = "grader.cores";
    /** System property: the factor for every timeout and deadline (double). */
    public static final String TIMEOUT_FACTOR = "grader.timeout.factor";
    /** System property: the directory with the submission's compiled classes (path). */
    public static final String SUBMISSION_CLASSES = "grader.submission.classes";

    /**
     * Checks the values.
     *
     * @param cores             see {@link #cores()}
     * @param timeoutFactor     see {@link #timeoutFactor()}
     * @param submissionClasses see {@link #submissionClasses()}
     * @throws IllegalArgumentException if {@code cores < 1} or {@code timeoutFactor} is not a
     *     positive finite number
     */
    public GradingEnvironment {
        if (cores < 1) {
            throw new IllegalArgumentException(CORES + " must be at least 1, but was " + cores);
        }
        if (!(timeoutFactor > 0) || Double.isInfinite(timeoutFactor)) {
            throw new IllegalArgumentException(
                    TIMEOUT_FACTOR + " must be a positive number, but was " + timeoutFactor);
        }
    }

    /**
     * Reads the environment from the system properties of this JVM.
     *
     * @return the environment; defaults for properties that are not set
     * @throws IllegalStateException if a property is set but malformed (a runner bug: failing
     *     loudly is better than grading with wrong deadlines)
     */
    public static GradingEnvironment current() {
        int cores = Runtime.getRuntime().availableProcessors();
        double factor = 1.0;
        String coresValue = System.getProperty(CORES);
        String factorValue = System.getProperty(TIMEOUT_FACTOR);
        String classesValue = System.getProperty(SUBMISSION_CLASSES);
        try {
            if (coresValue != null && !coresValue.isBlank()) {
                cores = Integer.parseInt(coresValue.strip());
            }
            if (factorValue != null && !factorValue.isBlank()) {
                factor = Double.parseDouble(factorValue.strip());
            }
            Path classes = classesValue == null || classesValue.isBlank() ? null : Path.of(classesValue.strip());
            return new GradingEnvironment(cores, factor, classes);
        } catch (IllegalArgumentException e) { // includes NumberFormatException and InvalidPathException
            throw new IllegalStateException("grader misconfigured: bad system property " + CORES + "="
                    + coresValue + ", " + TIMEOUT_FACTOR + "=" + factorValue + " or "
                    + SUBMISSION_CLASSES + "=" + classesValue + ": " + e.getMessage(), e);
        }
    }

    /**
     * Scales a timeout or deadline by {@link #timeoutFactor()}.
     *
     * @param timeout the timeout for a machine with factor 1.0
     * @return {@code timeout * timeoutFactor}, rounded to nanoseconds (saturating at about 292
     *     years instead of overflowing)
     */
    public Duration scaled(Duration timeout) {
        double nanos = timeout.toNanos() * timeoutFactor;
        return nanos >= Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(Math.round(nanos));
    }

    /**
     * The submission's class directory, for suites that cannot work without it.
     *
     * @return {@link #submissionClasses()}
     * @throws IllegalStateException if the runner did not set {@value #SUBMISSION_CLASSES}
     */
    public Path requireSubmissionClasses() {
        if (submissionClasses == null) {
            throw new IllegalStateException("grader misconfigured: system property " + SUBMISSION_CLASSES
                    + " (the directory with the submission's compiled classes) is not set");
        }
        return submissionClasses;
    }
}
