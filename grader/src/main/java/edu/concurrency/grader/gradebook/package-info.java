/**
 * A graded class as data: the model of {@code summary.json}, which {@code batch} and {@code merge}
 * write and from which the gradebook CSV and {@code class-report.html} are rendered.
 *
 * <p>{@link edu.concurrency.grader.gradebook.ClassSummary} is the root: one
 * {@link edu.concurrency.grader.gradebook.StudentRow} per student (graded, or on the roster and
 * missing), one {@link edu.concurrency.grader.gradebook.CriterionStats} per criterion of the rubric
 * with its most frequent failure feedback grouped into
 * {@link edu.concurrency.grader.gradebook.FeedbackGroup}s, and the
 * {@link edu.concurrency.grader.gradebook.ScoreDistribution}. The records are plain data and
 * bind to JSON with Jackson as they are.
 */
package edu.concurrency.grader.gradebook;
