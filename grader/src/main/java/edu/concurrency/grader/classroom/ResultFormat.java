package edu.concurrency.grader.classroom;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The result formats of {@code grade --format}. */
public enum ResultFormat {
    /** The score table on the console (always printed). */
    CONSOLE,
    /** {@code report.json} (always written). */
    JSON,
    /** {@code report.md}, also appended to {@code $GITHUB_STEP_SUMMARY} (always written). */
    MARKDOWN,
    /** Gradescope's {@code results.json} in the report directory. */
    GRADESCOPE,
    /**
     * The GitHub Classroom result: base64 JSON in {@code classroom-result.b64} (and the plain JSON in
     * {@code classroom-result.json}) in the report directory, and {@code result=...} appended to
     * {@code $GITHUB_OUTPUT} when that variable is set.
     */
    CLASSROOM,
    /**
     * The Classroom 50 result: {@code result.json} (schema {@code classroom50/result/v1}) and
     * {@code release-body.md} in the report directory, and {@code status=} and {@code summary=}
     * appended to {@code $GITHUB_OUTPUT} when that variable is set.
     */
    CLASSROOM50;

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the format is one of the reports {@code grade} always writes. */
    public boolean isDefault() {
        return this == CONSOLE || this == JSON || this == MARKDOWN;
    }

    /** Parses {@code --format} values case-insensitively, naming the valid ones on error. */
    public static final class Converter implements ITypeConverter<ResultFormat> {
        @Override
        public ResultFormat convert(String value) {
            for (ResultFormat f : values()) {
                if (f.label().equalsIgnoreCase(value.trim())) {
                    return f;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a format; valid: "
                    + String.join(", ", new Candidates()));
        }
    }

    /** The valid values, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    public static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(ResultFormat::label).iterator();
        }
    }
}
