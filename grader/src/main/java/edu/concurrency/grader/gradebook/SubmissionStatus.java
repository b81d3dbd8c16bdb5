package edu.concurrency.grader.gradebook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What became of one student's submission in a batch. */
public enum SubmissionStatus {
    /** Graded to the end (whatever the score). */
    GRADED("graded"),
    /** On the roster, but no submission folder was found: 0 points. */
    MISSING("missing"),
    /** The submission does not compile: graded, every criterion lost. */
    COMPILE_ERROR("compile-error"),
    /** The folder holds no Java source file: 0 points. */
    NO_SUBMISSION("no-submission"),
    /** The grader itself failed on this submission; the row's cause says why. */
    GRADER_ERROR("grader-error");

    private final String label;

    SubmissionStatus(String label) {
        this.label = label;
    }

    /** The label used in summary.json and gradebook.csv, for example {@code compile-error}. */
    @JsonValue
    public String label() {
        return label;
    }

    /**
     * Parses a label such as {@code compile-error}.
     *
     * @throws IllegalArgumentException when the label names no status
     */
    @JsonCreator
    public static SubmissionStatus of(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no submission status " + label));
    }
}
