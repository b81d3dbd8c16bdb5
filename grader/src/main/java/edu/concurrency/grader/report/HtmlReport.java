package edu.concurrency.grader.report;

import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.Arrays;
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
                .map(s -> new Count(s.label(), report.criteria().stream().filter(c -> c.status() == s).count()))
                .filter(c -> c.count() > 0).toList());
        model.put("notes", report.notes());
        model.put("hasNotes", !report.notes().isEmpty());
        model.put("exercises", ExerciseScore.of(report).stream().map(e -> Map.of(
                "id", e.exercise(), "score", e.score(), "maxScore", e.maxScore(),
                "percent", HtmlPage.percent(e.score(), e.maxScore()),
                "criteria", e.criteria().stream().map(HtmlReport::row).toList())).toList());
        long longest = report.phases().stream().mapToLong(PhaseTiming::millis).max().orElse(0);
        model.put("phases", report.phases().stream()
                .map(p -> new Phase(p.phase(), p.millis(), HtmlPage.percent(p.millis(), longest))).toList());
        model.put("phasesSeconds", HtmlPage.oneDecimal(report.phases().stream().mapToLong(PhaseTiming::millis).sum() / 1000.0));
        model.put("environment", report.environment());
        return template.execute(model);
    }

    private static Row row(CriterionResult c) {
        String feedback = ReportWriter.visibleFeedback(c);
        String[] lines = (feedback == null ? "" : feedback.strip()).split("\\R", 2);
        boolean shown = !c.hidden();
        List<Detail> details = shown ? c.details().stream().map(HtmlReport::detail).toList() : List.of();
        List<Map.Entry<String, String>> measurements = shown ? List.copyOf(new TreeMap<>(c.measurements()).entrySet()) : List.of();
        String rest = lines.length > 1 ? lines[1].strip() : "";
        boolean more = !rest.isEmpty() || !details.isEmpty() || !measurements.isEmpty();
        return new Row(c.id(), c.title(), c.kind().label(), c.points(), c.maxPoints(), c.status().label(),
                HtmlPage.symbol(c.status()), lines[0], more, rest, details, measurements,
                HtmlPage.oneDecimal(c.durationMillis() / 1000.0));
    }

    /** A detail whose first line names the check and whose other lines tell the story gets a heading. */
    private static Detail detail(String text) {
        String[] lines = text.strip().split("\\R", 2);
        return lines.length == 2 ? new Detail(lines[0], lines[1]) : new Detail("", lines[0]);
    }

    private record Count(String status, long count) {
    }

    private record Phase(String phase, long millis, String share) {
    }

    private record Detail(String heading, String body) {
    }

    private record Row(String id, String title, String kind, int points, int maxPoints, String status, String symbol,
                       String summary, boolean more, String feedbackRest, List<Detail> details,
                       List<Map.Entry<String, String>> measurements, String seconds) {
        boolean hasMeasurements() {
            return !measurements.isEmpty();
        }
    }
}
