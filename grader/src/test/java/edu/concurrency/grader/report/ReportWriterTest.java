package edu.concurrency.grader.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.concurrency.grader.rubric.Kind;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private static final Report REPORT = new Report("/sub", 8, 10, List.of(
            new CriterionResult("queue.basic", "queue", Kind.CORRECTNESS, "FIFO | order", 8, 8, Status.PASSED,
                    "All 5 checks passed", List.of(), Map.of(), 120, false),
            new CriterionResult("queue.stress", "queue", Kind.CORRECTNESS, "Stress", 0, 2, Status.FAILED,
                    "Lost wakeup: 3 threads still WAITING (at BoundedBuffer.java:41)", List.of("consumer-1 WAITING"),
                    Map.of(), 5000, false),
            new CriterionResult("queue.secret", "queue", Kind.RACE, "Secret", 0, 3, Status.SKIPPED,
                    "the secret feedback", List.of("secret details"), Map.of(), 0, true)),
            List.of(new PhaseTiming("queue: compile", 400)), new Report.Environment("java", "17", 2, 1.0), List.of("a note"));

    private final ReportWriter writer = new ReportWriter();

    @Test
    void jsonHasTheDocumentedFieldsAndReadsBack(@TempDir Path dir) throws Exception {
        writer.write(REPORT, dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("score").asInt()).isEqualTo(8);
        assertThat(json.get("maxScore").asInt()).isEqualTo(10);
        JsonNode first = json.get("criteria").get(1);
        for (String field : List.of("id", "exercise", "kind", "title", "points", "maxPoints", "status", "feedback")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.get("status").asText()).isEqualTo("failed");
        assertThat(first.get("kind").asText()).isEqualTo("correctness");
        assertThat(ReportWriter.read(dir.resolve("report.json"))).isEqualTo(REPORT);
    }

    @Test
    void theWallTimeIsTheGradingsOwnNotTheSumOfPhasesThatOverlap(@TempDir Path dir) throws Exception {
        Report overlapping = new Report("/sub", 8, 10, REPORT.criteria(), List.of(
                new PhaseTiming("queue: correctness and architecture", 30_000),
                new PhaseTiming("queue: model checks (Lincheck)", 20_000)), REPORT.environment(), List.of(), 31_000);
        writer.write(overlapping, dir);

        assertThat(new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("wallMillis").asLong())
                .isEqualTo(31_000);
        assertThat(ReportWriter.read(dir.resolve("report.json"))).isEqualTo(overlapping);
        assertThat(writer.html(overlapping)).contains("Phases (graded in 31.0 s;").doesNotContain("50.0 s");
        assertThat(writer.markdown(overlapping)).contains("Graded in 31.0 s;");
        ObjectNode old = (ObjectNode) new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        old.remove("wallMillis");
        Files.writeString(dir.resolve("old.json"), old.toString());
        assertThat(ReportWriter.read(dir.resolve("old.json")).wallMillis()).as("a report written before the field").isZero();
    }

    @Test
    void markdownIsAStepSummaryTableThatHidesHiddenFeedback() {
        String md = writer.markdown(REPORT);
        assertThat(md).contains("# Grading report: 8 / 10 points")
                .contains("| `queue.stress` Stress | correctness | 0 / 2 | ❌ failed | Lost wakeup: 3 threads")
                .contains("FIFO \\| order")
                .contains("consumer-1 WAITING")
                .contains("a note")
                .doesNotContain("the secret feedback").doesNotContain("secret details");
    }

    @Test
    void writeAlsoWritesTheHtmlPage(@TempDir Path dir) throws Exception {
        assertThat(writer.write(REPORT, dir)).containsExactly(dir.resolve("report.json"), dir.resolve("report.md"),
                dir.resolve("report.html"));
        assertThat(Files.readString(dir.resolve("report.html"))).isEqualTo(writer.html(REPORT));
    }

    @Test
    void htmlIsOneSelfContainedPageThatHidesHiddenFeedback() {
        String html = writer.html(REPORT);
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<title>Grading report: 8 / 10</title>")
                .contains("id=\"criterion-queue.stress\" data-criterion=\"queue.stress\" data-status=\"failed\"")
                .contains("<summary>Lost wakeup: 3 threads still WAITING (at BoundedBuffer.java:41)</summary>")
                .contains("<pre>consumer-1 WAITING</pre>")
                .contains("FIFO | order").contains("a note").contains("queue: compile")
                .contains("(hidden criterion)").doesNotContain("the secret feedback").doesNotContain("secret details")
                .doesNotContain("http:").doesNotContain("https:").doesNotContain(" src=");
        assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(1);
    }

    @Test
    void htmlEscapesEveryTextFromTheSubmission() {
        String hostile = "<script>alert(1)</script><img src=x onerror='alert(2)'>";
        Report report = new Report("/sub/" + hostile, 0, 2, List.of(
                new CriterionResult("queue.stress", "queue", Kind.CORRECTNESS, "Stress", 0, 2, Status.FAILED,
                        "Exception: " + hostile, List.of(hostile + "\n" + hostile), Map.of("printed", hostile), 5, false)),
                List.of(new PhaseTiming(hostile, 1)), new Report.Environment(hostile, hostile, 2, 1.0), List.of(hostile));
        String html = writer.html(report);
        assertThat(html).doesNotContain(hostile).doesNotContain("<img").doesNotContain("onerror='")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;&#39;alert(2)&#39;&gt;");
        assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("writing report.html of 50 criteria takes under 100 ms of CPU, template compiled included")
    void htmlIsCheapToWrite(@TempDir Path dir) throws Exception {
        List<CriterionResult> criteria = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            criteria.add(new CriterionResult("queue.c" + i, "queue", Kind.CORRECTNESS, "Criterion " + i, 0, 4, Status.FAILED,
                    "Deadlock: expected run to return (at X.java:" + i + ")", List.of("check " + i + ":\n" + "thread dump\n".repeat(20)),
                    Map.of("rounds", "" + i), 100, false));
        }
        Report report = new Report("/sub", 0, 200, criteria, List.of(new PhaseTiming("queue: compile", 400)),
                new Report.Environment("java", "17", 2, 1.0), List.of());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        Files.writeString(dir.resolve("report.html"), new ReportWriter().html(report));
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
        System.out.printf("report.html of 50 criteria (%,d bytes): %d ms of CPU, %d ms wall (a new ReportWriter included)%n",
                Files.size(dir.resolve("report.html")), cpuMillis, (System.nanoTime() - wall) / 1_000_000);
        assertThat(cpuMillis).as("CPU time, ms").isLessThan(100);
    }

    @Test
    void consoleTableHasOneRowPerCriterionAndTheTotal() {
        String table = writer.consoleTable(REPORT, 100);
        assertThat(table.lines()).hasSize(5);
        assertThat(table).contains("queue.stress").contains("0/2").contains("failed").contains("Lost wakeup")
                .contains("TOTAL").contains("8/10").doesNotContain("the secret feedback");
    }
}
