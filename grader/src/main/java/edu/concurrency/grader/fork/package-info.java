/**
 * The side of grading that runs inside the submission's JVM, and the protocol between it and the
 * grader.
 *
 * <p>The grader writes a {@link edu.concurrency.grader.fork.ForkPlan} (JSON) and starts {@link
 * edu.concurrency.grader.fork.ForkMain} in a separate JVM whose class path is the submission's
 * classes followed by the grader. {@code ForkMain} runs each criterion's JUnit selectors with the
 * JUnit Platform Launcher, under a watchdog, and appends one JSON line per event
 * ({@link edu.concurrency.grader.fork.ForkEvent}) to the plan's results file. When a criterion
 * hangs, the watchdog writes a thread dump as its verdict and halts the JVM; when a criterion
 * leaves threads running, the JVM exits after reporting it. Either way the grader starts a fresh
 * JVM for the criteria that remain.
 */
package edu.concurrency.grader.fork;
