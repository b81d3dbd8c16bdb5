/**
 * Turning a submission directory into compiled classes, or into the compiler's own words.
 *
 * <p>A submission is a directory laid out like {@code exercises/} ({@code src/main/java/...}), a
 * repository root that contains {@code exercises/}, or a bare source root. {@link
 * edu.concurrency.grader.submission.SubmissionSources} finds the source root; {@link
 * edu.concurrency.grader.submission.SubmissionCompiler} compiles one exercise's student classes
 * with {@code javax.tools} against the course-provided classes, so that a compile error becomes
 * a report rather than a crash.
 */
package edu.concurrency.grader.submission;
