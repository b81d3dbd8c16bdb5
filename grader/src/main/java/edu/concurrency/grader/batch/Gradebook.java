package edu.concurrency.grader.batch;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import edu.concurrency.grader.gradebook.StudentRow;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gradebook.csv}: one row per student, written with Jackson's CSV module (RFC 4180: CRLF
 * line breaks, a field quoted when it holds a comma, a quote or a line break, quotes doubled; UTF-8
 * without a byte-order mark). The columns depend on the {@link GradebookFormat}.
 */
public final class Gradebook {
    /** The file name in a batch's output folder. */
    public static final String FILE = "gradebook.csv";
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private Gradebook() {
    }

    /**
     * The gradebook as text.
     *
     * @param format     the column set
     * @param assignment the grade column's name in the Canvas and Moodle formats
     * @param criteria   the criteria, one column each in the plain format
     * @param rows       the students, in order
     */
    public static String csv(GradebookFormat format, String assignment, List<CriterionInfo> criteria,
                             List<StudentRow> rows) {
        List<String> header = new ArrayList<>();
        List<List<String>> lines = new ArrayList<>();
        int maxScore = criteria.stream().mapToInt(CriterionInfo::maxPoints).sum();
        switch (format) {
            case PLAIN -> {
                header.addAll(List.of("student", "name", "email", "section", "folder", "commit", "commit_time", "status",
                        "cause", "on_roster", "points", "max_points", "percent"));
                criteria.forEach(c -> header.add(c.id()));
                header.add("report");
                for (StudentRow r : rows) {
                    List<String> line = new ArrayList<>(List.of(text(r.student()), text(r.name()), text(r.email()),
                            text(r.section()), text(r.folder()), text(r.commit()), text(r.commitTime()), r.status().label(),
                            text(r.cause()), String.valueOf(r.onRoster()), String.valueOf(r.points()),
                            String.valueOf(r.maxPoints()), percent(r)));
                    criteria.forEach(c -> line.add(r.criterionPoints().containsKey(c.id())
                            ? String.valueOf(r.criterionPoints().get(c.id())) : ""));
                    line.add(text(r.report()));
                    lines.add(line);
                }
            }
            case CANVAS -> {
                header.addAll(List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment));
                lines.add(List.of("    Points Possible", "", "", "", "", String.valueOf(maxScore)));
                for (StudentRow r : rows) {
                    lines.add(List.of(r.name() != null ? r.name() : r.student(), "", "", r.student(), text(r.section()),
                            String.valueOf(r.points())));
                }
            }
            case MOODLE -> {
                header.addAll(List.of("username", "email", assignment, "feedback"));
                for (StudentRow r : rows) {
                    lines.add(List.of(r.student(), text(r.email()), String.valueOf(r.points()), feedback(r)));
                }
            }
        }
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
        header.forEach(schema::addColumn);
        StringWriter out = new StringWriter();
        try {
            CSV.writer(schema.build()).writeValues(out).writeAll(lines.stream().map(List::toArray).toList()).close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes {@link #csv} to {@code file} atomically. */
    public static void write(Path file, GradebookFormat format, String assignment, List<CriterionInfo> criteria,
                             List<StudentRow> rows) throws IOException {
        AtomicFiles.write(file, csv(format, assignment, criteria, rows));
    }

    /**
     * Reads a gradebook back: one map per row, header name to value, in file order.
     *
     * @throws IOException when it cannot be read or is not CSV
     */
    public static List<Map<String, String>> read(Path file) throws IOException {
        try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            return it.readAll();
        }
    }

    private static String feedback(StudentRow r) {
        return r.points() + " / " + r.maxPoints() + " points (" + r.status().label() + (r.cause() == null ? "" : ": " + r.cause())
                + ")" + (r.report() == null ? "" : "; report: " + r.report());
    }

    private static String percent(StudentRow r) {
        return String.format(Locale.ROOT, "%.1f", r.percent());
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
