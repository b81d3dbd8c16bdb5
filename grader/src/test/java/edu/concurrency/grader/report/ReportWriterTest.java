package edu.concurrency.grader.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.concurrency.grader.rubric.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    void consoleTableHasOneRowPerCriterionAndTheTotal() {
        String table = writer.consoleTable(REPORT, 100);
        assertThat(table.lines()).hasSize(5);
        assertThat(table).contains("queue.stress").contains("0/2").contains("failed").contains("Lost wakeup")
                .contains("TOTAL").contains("8/10").doesNotContain("the secret feedback");
    }
}
