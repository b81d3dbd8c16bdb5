/**
 * The rubric: which criteria an exercise is graded on, of which kind, for how many points.
 *
 * <p>The rubric lives in one YAML file ({@code rubric.yaml} in the grader jar, or the file given with
 * {@code grade --rubric FILE}) that an instructor edits without touching code. {@link
 * edu.concurrency.grader.rubric.Rubric#load} reads and validates it.
 */
package edu.concurrency.grader.rubric;
