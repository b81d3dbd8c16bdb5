package edu.concurrency.grader.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import edu.concurrency.grader.classreport.ClassReportWriter;
import edu.concurrency.grader.gradebook.ClassSummary;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The files that describe a graded class, written by {@code batch} and by {@code merge} into their
 * output folder: {@code summary.json}, {@code gradebook.csv}, {@code summary.md} and {@code class-report.html}.
 */
public final class ClassOutputs {
    /** The class summary's file name. */
    public static final String SUMMARY = "summary.json";
    /** The class report's file name. */
    public static final String CLASS_REPORT = "class-report.html";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ClassOutputs() {
    }

    /**
     * Writes the class's files into {@code out}, each atomically.
     *
     * @param format     the gradebook's column set
     * @param assignment the grade column's name (Canvas and Moodle formats)
     */
    public static void write(ClassSummary summary, Path out, GradebookFormat format, String assignment) throws IOException {
        AtomicFiles.write(out.resolve(SUMMARY), JSON.writeValueAsString(summary));
        Gradebook.write(out.resolve(Gradebook.FILE), format, assignment, CriterionInfo.of(summary.criteria()),
                summary.students());
        AtomicFiles.write(out.resolve(ClassMarkdown.FILE), ClassMarkdown.of(summary));
        writeClassReport(summary, out.resolve(CLASS_REPORT));
    }

    /**
     * Writes {@code class-report.html}, for batch and merge alike: rendered into a temporary file
     * beside it, then moved into place, so that no half-written page is ever left.
     *
     * @param summary the class
     * @param file    {@code OUT/class-report.html} (its links to the students' reports are relative to OUT)
     */
    static void writeClassReport(ClassSummary summary, Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        ClassReportWriter.write(summary, temporary);
        AtomicFiles.move(temporary, file);
    }

    /**
     * Reads a {@code summary.json}.
     *
     * @throws IOException when it cannot be read or is not a class summary
     */
    public static ClassSummary readSummary(Path file) throws IOException {
        ClassSummary summary = JSON.readValue(file.toFile(), ClassSummary.class);
        if (!ClassSummary.SCHEMA.equals(summary.schema())) {
            throw new IOException(file + " is not a class summary (schema " + summary.schema() + ")");
        }
        return summary;
    }
}
