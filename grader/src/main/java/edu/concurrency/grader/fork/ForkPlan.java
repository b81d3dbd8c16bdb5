package edu.concurrency.grader.fork;

import java.util.List;

/**
 * What one forked JVM is asked to run.
 *
 * @param exercisePackage the submission's package, for locating file:line and relevant threads
 * @param criteria        the criteria, in order
 * @param resultsFile     where to append {@link ForkEvent} lines
 */
public record ForkPlan(String exercisePackage, List<PlannedCriterion> criteria, String resultsFile) {

    /**
     * One criterion to run.
     *
     * @param id            the criterion id
     * @param tests         JUnit selectors: {@code Class} or {@code Class#method}
     * @param timeoutMillis watchdog for one attempt, in ms
     * @param attempts      attempts before the criterion fails
     */
    public record PlannedCriterion(String id, List<String> tests, long timeoutMillis, int attempts) {
    }
}
