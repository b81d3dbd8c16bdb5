/**
 * The side of grading that runs inside the submission's JVM, and the protocol between it and the
 * grader.
 *
 * <p>The grader writes a {@link edu.concurrency.grader.fork.ForkPlan} (JSON) and starts {@link
 * edu.concurrency.grader.fork.ForkMain} in a separate JVM whose class path is the submission's
 * classes followed by the grader. {@code ForkMain} runs each criterion's JUnit selectors with the
 * JUnit Platform Launcher, under a watchdog, and appends one JSON line per event
 * ({@link edu.concurrency.grader.fork.ForkEvent}) to the plan's results file. When a criterion
 * hangs, the watchdog writes a thread dump as its verdict and halts the JVM; when the JVM has more
 * live threads than the limit ({@code grader.max.threads}), a second watchdog writes "Too many
 * threads" as the running criterion's verdict and halts it; when a criterion leaves threads
 * running, or an OutOfMemoryError escapes the JUnit Platform, the JVM exits after reporting it; an
 * OutOfMemoryError of the heap ends the JVM at once ({@code -XX:+ExitOnOutOfMemoryError}) and the
 * grader reports it. Either way the grader starts a fresh JVM for the criteria that remain. The
 * JVM's working directory is an empty sandbox directory, apart from the plan and the results file.
 */
package edu.concurrency.grader.fork;
