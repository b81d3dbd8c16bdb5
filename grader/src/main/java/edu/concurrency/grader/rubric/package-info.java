/**
 * The rubric: which criteria an exercise is graded on, of which kind, for how many points.
 *
 * <p>The rubric lives in YAML files that an instructor edits without touching code: the bundled
 * one is the folder {@code rubric/} of the grader's resources, one file per exercise, found
 * without a list ({@link edu.concurrency.grader.rubric.RubricFiles}); {@code grade --rubric PATH}
 * takes a file holding any number of exercises or a folder of such files. {@link
 * edu.concurrency.grader.rubric.Rubric#load} reads and validates it; the fields are documented in
 * {@code grader/src/main/resources/rubric/README.md}.
 */
package edu.concurrency.grader.rubric;
