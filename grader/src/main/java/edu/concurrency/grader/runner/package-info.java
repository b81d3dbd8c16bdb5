/**
 * A grading run: compile the submission, run each criterion in the submission's own JVM, run the
 * race probes once, apply the rubric, and produce the {@link edu.concurrency.grader.report.Report}.
 *
 * <p>Isolation rules: the submission's code never runs in the grader's JVM. Suites run in forked
 * JVMs ({@link edu.concurrency.grader.runner.ForkedSuites}) with a watchdog per criterion and a
 * hard deadline enforced from outside, a heap limit ({@code -XX:+ExitOnOutOfMemoryError}), a
 * thread limit, and an empty sandbox directory as working directory; their results file is read
 * incrementally and within bounds ({@code ResultsFile}); jcstress runs in its own process group.
 * The whole submission has a total time limit ({@link edu.concurrency.grader.runner.Deadline}):
 * criteria not judged by then are errors, and the report still names every criterion. Files the
 * submission writes outside its sandbox (report directory, submission directory, the grader's
 * working directory) are found by {@link edu.concurrency.grader.runner.WriteWatch} and reported
 * as a note. Every process tree is killed at the end, and what was left running is reported.
 */
package edu.concurrency.grader.runner;
