package edu.concurrency.grader.batch;

import java.nio.file.Path;

/**
 * One student's submission found under the class folder.
 *
 * @param student the student's identifier
 * @param folder  the submission folder
 * @param known   what scores.csv says of the student (name, e-mail, section), or null
 */
public record SubmissionFolder(String student, Path folder, RosterEntry known) {
}
