package edu.concurrency.grader.gradebook;

import edu.concurrency.grader.report.Status;
import java.util.Map;

/**
 * One student of a graded class: a row of the gradebook and of the class report's student table.
 *
 * @param student          the student's identifier (the username of the download layout or the
 *                         roster, else the submission folder's name); unique in a class
 * @param name             full name from the roster or scores.csv, or {@code null}
 * @param email            e-mail address, or {@code null}
 * @param section          section, or {@code null}
 * @param folder           the submission folder relative to the batch root, or {@code null} when missing
 * @param commit           HEAD commit of the submission when it is a git repository, else {@code null}
 * @param commitTime       that commit's committer time, ISO-8601 UTC ({@code 2026-12-07T10:15:30Z}), or {@code null}
 * @param status           what became of the submission
 * @param cause            why, for every status but {@code graded}; else {@code null}
 * @param onRoster         {@code false} when a roster was given and this student is not on it
 * @param points           points earned
 * @param maxPoints        points available
 * @param criterionPoints  criterion id to points earned, in rubric order (empty when missing)
 * @param criterionStatus  criterion id to its verdict, in rubric order (empty when missing)
 * @param report           path of the student's {@code report.html} relative to the batch output
 *                         folder, or {@code null} when there is none
 */
public record StudentRow(String student, String name, String email, String section, String folder,
                         String commit, String commitTime, SubmissionStatus status, String cause,
                         boolean onRoster, int points, int maxPoints, Map<String, Integer> criterionPoints,
                         Map<String, Status> criterionStatus, String report) {

    /** Percent of the points available, 0 when none are. */
    public double percent() {
        return maxPoints == 0 ? 0 : 100.0 * points / maxPoints;
    }
}
