/**
 * Classroom 50, Gradescope, GitHub Classroom and the student template.
 *
 * <ul>
 *   <li>{@link edu.concurrency.grader.classroom.ExportTemplateCommand} ({@code export-template OUT}) and
 *       {@link edu.concurrency.grader.classroom.TemplateExporter}: the student starter repository, with the
 *       grader as sources, the handout README ({@code StudentReadme}, from the stubs' Javadoc and the rubric),
 *       {@code .github/workflows/classroom.yml}, and optionally the Gradescope autograder and the Classroom 50
 *       autograder bundle ({@code Classroom50Bundle}: {@code autograder.py} and the grader as sources).</li>
 *   <li>{@link edu.concurrency.grader.classroom.TamperManifest} and
 *       {@link edu.concurrency.grader.classroom.Integrity}: SHA-256 digests of the protected files, and
 *       their check on every grading run.</li>
 *   <li>{@link edu.concurrency.grader.classroom.Classroom50Result} ({@code grade --format classroom50}, with
 *       {@link edu.concurrency.grader.classroom.Classroom50Identity} and {@code ReleaseBody}),
 *       {@link edu.concurrency.grader.classroom.GradescopeResults} ({@code grade --format gradescope}) and
 *       {@link edu.concurrency.grader.classroom.ClassroomResult} ({@code grade --format classroom}): the
 *       result files, written through {@link edu.concurrency.grader.classroom.GradingOutputs}.</li>
 * </ul>
 *
 * <p>The templates (README, workflow, Gradescope scripts, {@code autograder.py}) are Mustache files in
 * {@code /classroom/} of the grader's resources.
 */
package edu.concurrency.grader.classroom;
