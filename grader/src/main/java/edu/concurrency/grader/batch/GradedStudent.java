package edu.concurrency.grader.batch;

import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.report.Report;

/**
 * A student's row with the report it was made from.
 *
 * @param row    the gradebook row
 * @param report the student's {@code report.json}, or null (missing, no submission, no report)
 */
public record GradedStudent(StudentRow row, Report report) {
}
