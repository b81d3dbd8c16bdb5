package edu.concurrency.grader.report;

import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link Report} as {@code report.html}: one self-contained page (styles and script
 * inline, no network) with the total and per-exercise scores, one row per criterion whose details
 * (every failed check, thread dumps, measurements, interleavings) fold away, the phases and their
 * times, the environment and the notes. Every value is HTML-escaped; hidden criteria show only
 * their score, as in {@code report.md}.
 */
final class HtmlReport {
    private final Template template = HtmlPage.template("/templates/report.html.mustache");

    /** The page, as HTML. */
    String render(Report report) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("css", HtmlPage.STYLESHEET);
        model.put("js", HtmlPage.SCRIPT);
        model.put("csp", HtmlPage.CONTENT_SECURITY_POLICY);
        model.put("score", report.score());
        model.put("maxScore", report.maxScore());
        model.put("percent", HtmlPage.percent(report.score(), report.maxScore()));
        model.put("submission", report.submission());
        model.put("counts", Arrays.stream(Status.values())
                .map(s -> Map.<String, Object>of("status", s.label(),
                        "count", report.criteria().stream().filter(c -> c.status() == s).count()))
                .filter(c -> (long) c.get("count") > 0).toList());
        model.put("notes", report.notes());
        model.put("hasNotes", !report.notes().isEmpty());
        model.put("exercises", ExerciseScore.of(report).stream().map(e -> Map.of(
                "id", e.exercise(), "score", e.score(), "maxScore", e.maxScore(),
                "percent", HtmlPage.percent(e.score(), e.maxScore()),
                "criteria", e.criteria().stream().map(HtmlReport::row).toList())).toList());
        long longest = report.phases().stream().mapToLong(PhaseTiming::millis).max().orElse(0);
        model.put("phases", report.phases().stream()
                .map(p -> Map.of("phase", p.phase(), "millis", p.millis(), "share", HtmlPage.percent(p.millis(), longest)))
                .toList());
        model.put("phasesSeconds", HtmlPage.oneDecimal(report.wallMillis() / 1000.0));
        Report.Environment env = report.environment();
        model.put("environment", env == null ? Map.of() : Map.of("java", env.java(), "javaVersion", env.javaVersion(),
                "cores", env.cores(), "timeoutFactor", env.timeoutFactor()));
        return template.execute(model);
    }

    private static Map<String, Object> row(CriterionResult c) {
        String feedback = ReportWriter.visibleFeedback(c);
        String[] lines = (feedback == null ? "" : feedback.strip()).split("\\R", 2);
        boolean shown = !c.hidden();
        List<Map<String, String>> details = shown ? c.details().stream().map(HtmlReport::detail).toList() : List.of();
        List<Map<String, String>> measurements = new ArrayList<>();
        if (shown) {
            new TreeMap<>(c.measurements()).forEach((k, v) -> measurements.add(Map.of("key", k, "value", v)));
        }
        String rest = lines.length > 1 ? lines[1].strip() : "";
        Map<String, Object> row = new HashMap<>();
        row.put("id", c.id());
        row.put("title", c.title());
        row.put("kind", c.kind().label());
        row.put("points", c.points());
        row.put("maxPoints", c.maxPoints());
        row.put("status", c.status().label());
        row.put("symbol", HtmlPage.symbol(c.status()));
        row.put("summary", lines[0]);
        row.put("more", !rest.isEmpty() || !details.isEmpty() || !measurements.isEmpty());
        row.put("feedbackRest", rest);
        row.put("details", details);
        row.put("measurements", measurements);
        row.put("hasMeasurements", !measurements.isEmpty());
        row.put("seconds", HtmlPage.oneDecimal(c.durationMillis() / 1000.0));
        return row;
    }

    /** A detail whose first line names the check and whose other lines tell the story gets a heading. */
    private static Map<String, String> detail(String text) {
        String[] lines = text.strip().split("\\R", 2);
        return lines.length == 2 ? Map.of("heading", lines[0], "body", lines[1]) : Map.of("heading", "", "body", lines[0]);
    }
}
