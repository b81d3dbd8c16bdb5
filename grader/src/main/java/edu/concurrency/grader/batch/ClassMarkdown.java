package edu.concurrency.grader.batch;

import edu.concurrency.grader.gradebook.ClassSummary;
import edu.concurrency.grader.gradebook.CriterionStats;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code summary.md}: the class in a few lines of Markdown, fit for a GitHub step summary: the
 * students by status, the score distribution, each criterion's pass rate and most frequent
 * failure feedback.
 */
public final class ClassMarkdown {
    /** The file name in a batch's output folder. */
    public static final String FILE = "summary.md";
    private static final int GROUPS_SHOWN = 3;
    private static final int CELL = 120;

    private ClassMarkdown() {
    }

    /** The Markdown of {@code summary}. */
    public static String of(ClassSummary summary) {
        StringBuilder md = new StringBuilder("## Class grading\n\n");
        Map<SubmissionStatus, Long> byStatus = summary.students().stream()
                .collect(Collectors.groupingBy(StudentRow::status, () -> new TreeMap<>(), Collectors.counting()));
        md.append(summary.students().size()).append(" students: ").append(byStatus.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", ")))
                .append(String.format(Locale.ROOT, ". Mean %.1f %%, median %.1f %% of %d points. Grader %s, %.0f s.%n%n",
                        summary.distribution().mean(), summary.distribution().median(), summary.maxScore(),
                        summary.graderVersion(), summary.wallSeconds()));
        md.append("| percent | ").append(summary.distribution().bins().stream()
                .map(b -> String.format(Locale.ROOT, "%.0f-%.0f", b.fromPercent(), b.toPercent())).collect(Collectors.joining(" | ")))
                .append(" |\n|---|").append("---|".repeat(summary.distribution().bins().size())).append("\n| students | ")
                .append(summary.distribution().bins().stream().map(b -> String.valueOf(b.count())).collect(Collectors.joining(" | ")))
                .append(" |\n\n");
        md.append("| criterion | points | passed | failed | errors | pass rate | most frequent failures |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (CriterionStats c : summary.criteria()) {
            md.append(String.format(Locale.ROOT, "| `%s` | %d | %d | %d | %d | %.0f %% | %s |%n", c.id(), c.maxPoints(), c.passed(),
                    c.failed(), c.errors(), 100 * c.passRate(), c.failureGroups().stream().limit(GROUPS_SHOWN)
                            .map(g -> g.count() + "× " + cell(g.feedback())).collect(Collectors.joining("<br>"))));
        }
        return md.toString();
    }

    private static String cell(String text) {
        String one = text.replace("|", "\\|").replace("\n", " ");
        return one.length() <= CELL ? one : one.substring(0, CELL - 1) + "…";
    }
}
