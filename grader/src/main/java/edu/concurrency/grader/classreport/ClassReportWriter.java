package edu.concurrency.grader.classreport;

import com.samskivert.mustache.Template;
import edu.concurrency.grader.gradebook.ClassSummary;
import edu.concurrency.grader.gradebook.CriterionStats;
import edu.concurrency.grader.gradebook.FeedbackGroup;
import edu.concurrency.grader.gradebook.ScoreDistribution;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import edu.concurrency.grader.report.HtmlPage;
import edu.concurrency.grader.report.Status;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Writes {@code class-report.html}: a graded class as one self-contained page (styles, script and
 * the SVG histogram inline; nothing fetched from anywhere), readable without JavaScript. Every text
 * is HTML-escaped; the links to the students' {@code report.html} are relative to the folder the
 * page is written to, with every path segment percent-encoded (RFC 3986).
 */
public final class ClassReportWriter {
    /** Widths of the student table's columns in rem, as the stylesheet's {@code col} rules give them. */
    private static final double FIXED_COLUMNS_REM = 9 + 10 + 5 + 7.5 + 6.5 + 4 + 5.5;
    private static final double CRITERION_COLUMN_REM = VerdictStrip.COLUMN_PX / 16.0;

    private ClassReportWriter() {
    }

    /**
     * Writes the class report of {@code summary} to {@code file}, creating its folder. Write it into
     * the batch output folder: {@link StudentRow#report()} paths are relative to it.
     *
     * @param summary the graded class
     * @param file    where the page goes, usually {@code OUT/class-report.html}
     * @throws IOException when the file cannot be written
     */
    public static void write(ClassSummary summary, Path file) throws IOException {
        Template template = HtmlPage.template("/templates/class-report.html.mustache");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            template.execute(model(summary), out);
        }
    }

    private static Map<String, Object> model(ClassSummary summary) {
        Map<String, String> links = new HashMap<>();
        summary.students().forEach(s -> {
            if (s.report() != null && !s.report().isBlank()) {
                links.put(s.student(), RelativeLink.of(s.report()));
            }
        });
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("css", HtmlPage.STYLESHEET);
        model.put("js", HtmlPage.SCRIPT);
        model.put("csp", HtmlPage.CONTENT_SECURITY_POLICY);
        model.put("summary", summary);
        model.put("studentCount", summary.students().size());
        model.put("statusCounts", Arrays.stream(SubmissionStatus.values())
                .map(st -> new StatusCount(st.label(), statusClass(st),
                        summary.students().stream().filter(s -> s.status() == st).count()))
                .filter(c -> c.count() > 0).toList());
        model.put("histogram", Histogram.of(summary.distribution() != null ? summary.distribution()
                : new ScoreDistribution(0, 0, List.of())));
        model.put("wall", duration(summary.wallSeconds()));
        model.put("criteria", IntStream.range(0, summary.criteria().size())
                .mapToObj(i -> criterion(i, summary.criteria().get(i))).toList());
        model.put("criterionCount", summary.criteria().size());
        model.put("groups", summary.criteria().stream().filter(c -> c.failureGroups() != null && !c.failureGroups().isEmpty())
                .map(c -> new CriterionGroups(c.id(), c.title(), c.failureGroups().stream()
                        .map(g -> group(g, links)).toList())).toList());
        model.put("exercises", exerciseSpans(summary.criteria()));
        model.put("tableWidth", HtmlPage.oneDecimal(FIXED_COLUMNS_REM + CRITERION_COLUMN_REM * summary.criteria().size()));
        model.put("students", summary.students().stream().map(s -> student(s, summary.criteria(), links.get(s.student()))).toList());
        return model;
    }

    private static CriterionRow criterion(int index, CriterionStats c) {
        String rate = HtmlPage.oneDecimal(100 * c.passRate());
        return new CriterionRow(index, c.id(), c.exercise(), c.kind() == null ? "" : c.kind().label(), c.title(), c.maxPoints(),
                rate, c.passed(), c.failed(), c.errors(), c.skipped(),
                c.failureGroups() != null && !c.failureGroups().isEmpty());
    }

    private static Group group(FeedbackGroup g, Map<String, String> links) {
        List<StudentLink> students = g.students() == null ? List.of()
                : g.students().stream().map(s -> new StudentLink(s, links.get(s))).toList();
        return new Group(g.count(), g.hazard(), g.feedback(), students);
    }

    private static List<ExerciseSpan> exerciseSpans(List<CriterionStats> criteria) {
        List<ExerciseSpan> spans = new ArrayList<>();
        for (CriterionStats c : criteria) {
            if (spans.isEmpty() || !spans.get(spans.size() - 1).exercise().equals(c.exercise())) {
                spans.add(new ExerciseSpan(c.exercise(), 0));
            }
            ExerciseSpan last = spans.remove(spans.size() - 1);
            spans.add(new ExerciseSpan(last.exercise(), last.span() + 1));
        }
        return spans;
    }

    private static Student student(StudentRow s, List<CriterionStats> criteria, String href) {
        List<Status> verdicts = new ArrayList<>(criteria.size());
        for (CriterionStats c : criteria) {
            verdicts.add(s.criterionStatus() == null ? null : s.criterionStatus().get(c.id()));
        }
        String commit = s.commit() == null ? "" : s.commit();
        String search = (s.student() + " " + (s.name() == null ? "" : s.name())).toLowerCase(Locale.ROOT);
        return new Student(s.student(), s.name(), s.section(), s.status().label(), statusClass(s.status()), s.cause(),
                !s.onRoster(), s.points(), s.maxPoints(), HtmlPage.oneDecimal(s.percent()),
                commit.length() > 7 ? commit.substring(0, 7) : commit, commit, s.commitTime(), href, search,
                VerdictStrip.symbols(verdicts), VerdictStrip.background(verdicts));
    }

    private static String statusClass(SubmissionStatus status) {
        return switch (status) {
            case GRADED -> "";
            case MISSING, NO_SUBMISSION -> "missing";
            case COMPILE_ERROR -> "failed";
            case GRADER_ERROR -> "error";
        };
    }

    /** A duration in s as {@code 45.2 s}, {@code 12 min 3 s} or {@code 1 h 2 min}. */
    static String duration(double seconds) {
        if (seconds < 60) {
            return HtmlPage.oneDecimal(seconds) + " s";
        }
        long s = Math.round(seconds);
        return s < 3600 ? s / 60 + " min " + s % 60 + " s" : s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    record StatusCount(String status, String css, long count) {
    }

    record CriterionRow(int index, String id, String exercise, String kind, String title, int maxPoints, String passRate,
                        int passed, int failed, int errors, int skipped, boolean hasGroups) {
    }

    record CriterionGroups(String id, String title, List<Group> groups) {
    }

    record Group(int count, String hazard, String feedback, List<StudentLink> students) {
    }

    record StudentLink(String student, String href) {
    }

    record ExerciseSpan(String exercise, int span) {
    }

    record Student(String student, String name, String section, String status, String statusClass, String cause,
                   boolean offRoster, int points, int maxPoints, String percent, String commitShort, String commit,
                   String commitTime, String href, String search, String verdicts, String verdictBackground) {
    }
}
