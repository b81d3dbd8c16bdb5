package edu.concurrency.grader.rubric;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The four kinds of checks a criterion can be. */
public enum Kind {
    /** JUnit 5 + AssertJ tests of the contract, run in the submission's JVM. */
    CORRECTNESS,
    /** jcstress probes looking for forbidden interleavings. */
    RACE,
    /** ArchUnit rules over the submission's bytecode. */
    ARCHITECTURE,
    /** Timing thresholds, as ratios measured in the same run and scaled to the cores present. */
    PERFORMANCE;

    /** The lower-case name used in the rubric and the reports. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label such as {@code correctness}. */
    @JsonCreator
    public static Kind of(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
