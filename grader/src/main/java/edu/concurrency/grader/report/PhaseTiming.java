package edu.concurrency.grader.report;

/**
 * Wall time of one phase of a grading run.
 *
 * @param phase  for example {@code queue: compile}, {@code queue: suites}, {@code race probes}
 * @param millis wall time in ms
 */
public record PhaseTiming(String phase, long millis) {
}
