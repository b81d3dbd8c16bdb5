package edu.concurrency.grader.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The verdict on one criterion. */
public enum Status {
    /** The criterion holds: full points. */
    PASSED,
    /** The submission violates the criterion (or hangs, or throws): no points. */
    FAILED,
    /** The criterion could not run: the submission does not compile, or a class or method is missing. */
    ERROR,
    /** This runner cannot judge the criterion (for example a speedup on 1 core): not counted. */
    SKIPPED;

    /** The lower-case name used in reports. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label such as {@code passed}. */
    @JsonCreator
    public static Status of(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
