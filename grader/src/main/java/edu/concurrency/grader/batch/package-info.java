/**
 * Grading a whole class: {@code batch} and {@code merge}.
 *
 * <p>{@link edu.concurrency.grader.batch.ClassFolders} finds the submissions under a class folder
 * (the layouts of Classroom 50's {@code gh teacher download} and of the retired
 * {@code gh classroom clone student-repos}, or one folder per student);
 * {@link edu.concurrency.grader.batch.Roster} reads the instructor's roster;
 * {@link edu.concurrency.grader.batch.BatchRunner} grades each submission exactly as
 * {@code grade} does, in a child process of its own ({@link edu.concurrency.grader.batch.ChildGrading}),
 * N at a time, skipping submissions whose stamp ({@link edu.concurrency.grader.batch.Stamp}) says
 * they are graded already; {@link edu.concurrency.grader.batch.ClassSummaries} and
 * {@link edu.concurrency.grader.batch.Gradebook} turn the reports into {@code summary.json} and
 * {@code gradebook.csv}; {@link edu.concurrency.grader.batch.Merger} combines the outputs of shards.
 */
package edu.concurrency.grader.batch;
