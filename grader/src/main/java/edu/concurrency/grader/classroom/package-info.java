/**
 * GitHub Classroom, Gradescope and the student template.
 *
 * <ul>
 *   <li>{@link edu.concurrency.grader.classroom.ExportTemplateCommand} ({@code export-template OUT}) and
 *       {@link edu.concurrency.grader.classroom.TemplateExporter}: the student starter repository, with the
 *       grader as sources, the handout README ({@code StudentReadme}, from the stubs' Javadoc and the rubric),
 *       {@code .github/workflows/classroom.yml}, and optionally the Gradescope autograder.</li>
 *   <li>{@link edu.concurrency.grader.classroom.TamperManifest} and
 *       {@link edu.concurrency.grader.classroom.Integrity}: SHA-256 digests of the protected files, and
 *       their check on every grading run.</li>
 *   <li>{@link edu.concurrency.grader.classroom.ClassroomResult} ({@code grade --format classroom}) and
 *       {@link edu.concurrency.grader.classroom.GradescopeResults} ({@code grade --format gradescope}): the
 *       result files, written through {@link edu.concurrency.grader.classroom.GradingOutputs}.</li>
 * </ul>
 *
 * <p>The templates (README, workflow, Gradescope scripts) are Mustache files in {@code /classroom/} of the
 * grader's resources.
 */
package edu.concurrency.grader.classroom;
