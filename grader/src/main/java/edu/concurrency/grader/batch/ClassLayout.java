package edu.concurrency.grader.batch;

/** How a class's submissions are laid out on disk. */
public enum ClassLayout {
    /**
     * Classroom 50's {@code gh teacher download}: {@code <classroom>-<assignment>_submissions_<time>/}
     * holding {@code <classroom>-<assignment>-<username>/} folders and a {@code scores.csv}.
     */
    CLASSROOM_DOWNLOAD,
    /** The retired {@code gh classroom clone student-repos}: {@code <slug>-submissions/<slug>-<username>/}. */
    CLASSROOM_CLONE,
    /** Anything else: one folder per student, named after the student. */
    FOLDERS
}
