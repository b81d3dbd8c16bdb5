package edu.concurrency.grader.verdict;

import edu.concurrency.grader.report.Status;
import java.util.List;
import java.util.Map;

/**
 * The verdict of one criterion run in the submission's JVM.
 *
 * @param status         passed, failed, error or skipped
 * @param summary        one line of feedback
 * @param failures       the failed checks
 * @param measurements   figures published by performance suites (key to value)
 * @param threadDump     the relevant threads when the criterion hung, else null
 * @param durationMillis wall time of the criterion, all attempts, in ms
 * @param attempts       attempts used
 * @param strayThreads   threads started during the criterion and still alive after it
 * @param stalledAt      when the criterion hung with every thread waiting (a stall), where they
 *                       waited in the submission's code ({@code File.java:line (method)}); else empty
 */
public record SuiteOutcome(Status status, String summary, List<TestFailure> failures,
                           Map<String, String> measurements, String threadDump, long durationMillis,
                           int attempts, List<String> strayThreads, List<String> stalledAt) {

    public SuiteOutcome {
        failures = failures == null ? List.of() : List.copyOf(failures);
        measurements = measurements == null ? Map.of() : Map.copyOf(measurements);
        strayThreads = strayThreads == null ? List.of() : List.copyOf(strayThreads);
        stalledAt = stalledAt == null ? List.of() : List.copyOf(stalledAt);
    }

    /** An outcome that is not a stall. */
    public SuiteOutcome(Status status, String summary, List<TestFailure> failures, Map<String, String> measurements,
                        String threadDump, long durationMillis, int attempts, List<String> strayThreads) {
        this(status, summary, failures, measurements, threadDump, durationMillis, attempts, strayThreads, List.of());
    }

    /** An outcome decided outside JUnit (a crash, a timeout, a compile error). */
    public static SuiteOutcome of(Status status, String summary, List<TestFailure> failures, String threadDump) {
        return new SuiteOutcome(status, summary, failures, Map.of(), threadDump, 0, 1, List.of());
    }
}
