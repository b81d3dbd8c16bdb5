package edu.concurrency.grader.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;

/** Renders a {@link Report} as JSON, Markdown, HTML and a console table. */
public final class ReportWriter {
    /** Longest feedback cell in Markdown tables and console rows, in characters. */
    private static final int CELL_LIMIT = 160;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Template markdown;

    public ReportWriter() {
        try (Reader in = new InputStreamReader(Objects.requireNonNull(
                ReportWriter.class.getResourceAsStream("/templates/report.md.mustache")), StandardCharsets.UTF_8)) {
            markdown = Mustache.compiler().escapeHTML(false).defaultValue("").compile(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code report.json}, {@code report.md} and {@code report.html} into {@code dir}.
     *
     * @return the three files
     * @throws IOException when they cannot be written
     */
    public List<Path> write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("report.json");
        Path md = dir.resolve("report.md");
        JSON.writeValue(json.toFile(), report);
        Files.writeString(md, markdown(report));
        Path page = dir.resolve("report.html");
        Files.writeString(page, html(report));
        return List.of(json, md, page);
    }

    /**
     * The HTML form of {@code report}: one self-contained page (no network); hidden criteria show
     * no feedback, and every text is escaped. Its template is compiled here rather than in the
     * constructor, which runs before a grading: the few ms it takes come after the grading, when the
     * JVM has warmed up.
     */
    public String html(Report report) {
        return new HtmlReport().render(report);
    }

    /** The JSON form of {@code report}. */
    public String json(Report report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a {@code report.json}. */
    public static Report read(Path json) throws IOException {
        return JSON.readValue(json.toFile(), Report.class);
    }

    /** The Markdown form of {@code report}; hidden criteria show no feedback. */
    public String markdown(Report report) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("score", report.score());
        model.put("maxScore", report.maxScore());
        model.put("environment", report.environment());
        model.put("phases", report.phases());
        model.put("wallSeconds", String.format(Locale.ROOT, "%.1f", report.wallMillis() / 1000.0));
        model.put("notes", report.notes());
        model.put("hasNotes", !report.notes().isEmpty());
        List<Map<String, Object>> exercises = new ArrayList<>();
        for (ExerciseScore exercise : ExerciseScore.of(report)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("title", exercise.exercise());
            e.put("score", exercise.score());
            e.put("maxScore", exercise.maxScore());
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Map<String, Object>> details = new ArrayList<>();
            for (CriterionResult c : exercise.criteria()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", c.id());
                row.put("title", cell(c.title()));
                row.put("kind", c.kind().label());
                row.put("points", c.points());
                row.put("maxPoints", c.maxPoints());
                row.put("status", c.status().label());
                row.put("statusIcon", icon(c.status()));
                row.put("feedbackCell", cell(visibleFeedback(c)));
                rows.add(row);
                String text = detailText(c);
                if (!c.hidden() && !text.isBlank()) {
                    details.add(Map.of("id", c.id(), "status", c.status().label(), "text", text.replace("```", "'''")));
                }
            }
            e.put("criteria", rows);
            e.put("details", details);
            exercises.add(e);
        }
        model.put("exercises", exercises);
        return markdown.execute(model);
    }

    /** The console table: criterion, points, status, one-line feedback. */
    public String consoleTable(Report report, int width) {
        int idWidth = Math.max(10, report.criteria().stream().mapToInt(c -> c.id().length()).max().orElse(10) + 2);
        int feedbackWidth = Math.max(30, width - idWidth - 9 - 9 - 3);
        TextTable table = TextTable.forColumns(new ColorScheme.Builder(Ansi.OFF).build(),
                new Column(idWidth, 0, Overflow.TRUNCATE),
                new Column(9, 1, Overflow.TRUNCATE),
                new Column(9, 1, Overflow.TRUNCATE),
                new Column(feedbackWidth, 1, Overflow.TRUNCATE));
        table.addRowValues("Criterion", "Points", "Status", "Feedback");
        for (CriterionResult c : report.criteria()) {
            table.addRowValues(c.id(), c.points() + "/" + c.maxPoints(), c.status().label(),
                    truncate(oneLine(visibleFeedback(c)), feedbackWidth - 2));
        }
        table.addRowValues("TOTAL", report.score() + "/" + report.maxScore(), "", "");
        return table.toString();
    }

    static String visibleFeedback(CriterionResult c) {
        return c.hidden() && c.status() != Status.PASSED ? "(hidden criterion)" : c.feedback();
    }

    private static String detailText(CriterionResult c) {
        StringBuilder text = new StringBuilder();
        c.measurements().forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        c.details().forEach(d -> text.append(d).append("\n\n"));
        return text.toString().strip();
    }

    private static String icon(Status s) {
        return switch (s) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case ERROR -> "⚠️";
            case SKIPPED -> "⏭️";
        };
    }

    private static String cell(String text) {
        return truncate(oneLine(text), CELL_LIMIT).replace("|", "\\|");
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "…";
    }
}
