package edu.concurrency.grader.batch;

import java.util.Locale;

/** The column sets {@code gradebook.csv} can have ({@code --gradebook-format}). */
public enum GradebookFormat {
    /**
     * Everything: student, name, email, section, folder, commit, commit_time, status, cause,
     * on_roster, points, max_points, percent, one column per criterion id (its points), report.
     */
    PLAIN,
    /**
     * Canvas's gradebook import: {@code Student,ID,SIS User ID,SIS Login ID,Section,<assignment>}, a
     * "Points Possible" row first; the username goes to SIS Login ID (ID stays empty).
     */
    CANVAS,
    /** Moodle's grade import: {@code username,email,<assignment>,feedback} (map username or email to the user). */
    MOODLE;

    /**
     * Parses {@code plain}, {@code canvas} or {@code moodle}.
     *
     * @throws IllegalArgumentException for any other label
     */
    public static GradebookFormat of(String label) {
        try {
            return valueOf(label.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--gradebook-format is plain, canvas or moodle, not " + label, e);
        }
    }
}
