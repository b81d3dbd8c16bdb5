/**
 * A grading run: compile the submission, run each criterion in the submission's own JVM, run the
 * race probes once, apply the rubric, and produce the {@link edu.concurrency.grader.report.Report}.
 *
 * <p>Isolation rules: the submission's code never runs in the grader's JVM. Suites run in forked
 * JVMs ({@link edu.concurrency.grader.runner.ForkedSuites}) with a watchdog per criterion and a
 * hard deadline enforced from outside; jcstress runs in its own process group. Every process
 * tree is killed at the end, and what was left running is reported.
 */
package edu.concurrency.grader.runner;
