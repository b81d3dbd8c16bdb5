package edu.concurrency.grader.classreport;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.gradebook.ClassSummary;
import edu.concurrency.grader.gradebook.FeedbackGroup;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import edu.concurrency.grader.report.Status;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassReportWriterTest {
    private static final String HOSTILE = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";

    @Test
    @DisplayName("1,000 students: written in at most 2 s (of CPU: the machine may be shared), under 10 MB, one row per student")
    void aThousandStudentsFitTheBudgets(@TempDir Path dir) throws Exception {
        ClassSummary summary = ClassFixture.synthetic(1000);
        Path file = dir.resolve("class-report.html");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        ClassReportWriter.write(summary, file);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
        long bytes = Files.size(file);
        System.out.printf("class-report.html for 1,000 students x %d criteria: written in %d ms (%d ms of CPU), %,d bytes%n",
                summary.criteria().size(), millis, cpuMillis, bytes);
        assertThat(cpuMillis).as("CPU time to write, ms").isLessThanOrEqualTo(2000);
        assertThat(bytes).as("size, bytes").isLessThan(10L * 1024 * 1024);
        String html = Files.readString(file);
        assertThat(Pattern.compile("<tr data-student=").matcher(html).results().count()).isEqualTo(1000);
    }

    @Test
    @DisplayName("names, feedback, hazards and causes are text: markup in them is escaped, links stay relative paths")
    void everythingFromSubmissionsIsEscaped(@TempDir Path dir) throws Exception {
        ClassSummary base = ClassFixture.synthetic(3);
        StudentRow first = base.students().get(0);
        StudentRow hostile = new StudentRow("eve <b>", HOSTILE, null, HOSTILE, "javascript:alert(1)", HOSTILE, null,
                SubmissionStatus.GRADER_ERROR, HOSTILE, false, 0, first.maxPoints(), Map.of(), Map.of(),
                "javascript:alert(1)/a b#1/report.html");
        var criteria = new java.util.ArrayList<>(base.criteria());
        var c = criteria.get(0);
        criteria.set(0, new edu.concurrency.grader.gradebook.CriterionStats(c.id(), c.exercise(), c.kind(), HOSTILE,
                c.maxPoints(), c.passed(), c.failed() + 1, c.errors(), c.skipped(), c.passRate(),
                List.of(new FeedbackGroup(HOSTILE, HOSTILE, 1, List.of("eve <b>")))));
        ClassSummary summary = new ClassSummary(base.schema(), base.graderVersion(), base.rubricHash(), base.gradedAt(),
                base.wallSeconds(), base.environment(), base.maxScore(), base.distribution(), criteria,
                List.of(first, hostile));
        Path file = dir.resolve("out/class-report.html");
        ClassReportWriter.write(summary, file);
        String html = Files.readString(file);
        assertThat(html).doesNotContain(HOSTILE).doesNotContain("<b>").doesNotContain("onerror=\"")
                .contains("&lt;script&gt;window.pwned&#x3D;1&lt;/script&gt;")
                .contains("href=\"javascript%3Aalert%281%29/a%20b%231/report.html\"")
                .contains("href=\"student-0000/grading-report/report.html\"");
        assertThat(Pattern.compile("<script").matcher(html).results().count()).as("only the page's own script").isEqualTo(1);
        String verdicts = first.criterionStatus().values().stream()
                .map(st -> st == Status.PASSED ? "+" : st == Status.FAILED ? "X" : "!").reduce("", String::concat);
        assertThat(html).contains(">" + verdicts + "</td>");
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(ClassReportWriter.duration(45.24)).isEqualTo("45.2 s");
        assertThat(ClassReportWriter.duration(754.2)).isEqualTo("12 min 34 s");
        assertThat(ClassReportWriter.duration(3720)).isEqualTo("1 h 2 min");
    }
}
