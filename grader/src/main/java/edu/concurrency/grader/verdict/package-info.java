/**
 * The verdict of a criterion, whatever produced it: a suite run in a forked JVM, a jcstress
 * probe, a model check, or the compiler ({@link edu.concurrency.grader.verdict.SuiteOutcome}, its
 * {@link edu.concurrency.grader.verdict.TestFailure}s), and the one rule that decides whether a
 * criterion that {@code requires} others is judged and counted
 * ({@link edu.concurrency.grader.verdict.Requirements}), applied in the fork and when the report is
 * assembled.
 */
package edu.concurrency.grader.verdict;
