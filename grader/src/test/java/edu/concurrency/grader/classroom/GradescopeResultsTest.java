package edu.concurrency.grader.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradescopeResultsTest {
    /** The top-level fields of Gradescope's results.json (autograder specification). */
    private static final Set<String> TOP_LEVEL = Set.of("score", "execution_time", "output", "visibility",
            "stdout_visibility", "extra_data", "tests", "leaderboard", "output_format", "test_output_format",
            "test_name_format");
    /** The fields of one test case in Gradescope's results.json. */
    private static final Set<String> TEST_FIELDS = Set.of("score", "max_score", "status", "name", "name_format", "number",
            "output", "output_format", "tags", "visibility", "extra_data");
    private static final Set<String> VISIBILITIES = Set.of("hidden", "after_due_date", "after_published", "visible");

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    @DisplayName("results.json has Gradescope's fields: score, execution_time, output and tests with their eight fields")
    void resultsJsonFollowsTheSpecification(@TempDir Path dir) throws Exception {
        Path file = GradescopeResults.of(SampleReports.partial(), Integrity.notChecked()).write(dir);
        assertThat(file.getFileName().toString()).isEqualTo("results.json");
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(TOP_LEVEL).containsAll(fieldNames(root));
        assertThat(fieldNames(root)).contains("score", "execution_time", "output", "tests");
        assertThat(root.get("score").isNumber()).isTrue();
        assertThat(root.get("score").asInt()).isEqualTo(11);
        assertThat(root.get("execution_time").asLong()).as("the grading's wall time, in s").isEqualTo(62);
        assertThat(root.get("output").asText()).contains("Score: 11 / 31").contains("a note");
        assertThat(root.get("tests")).hasSize(5);
        int sum = 0;
        for (JsonNode test : root.get("tests")) {
            assertThat(TEST_FIELDS).containsAll(fieldNames(test));
            assertThat(fieldNames(test)).contains("score", "max_score", "status", "name", "number", "output", "tags", "visibility");
            assertThat(test.get("score").isNumber()).isTrue();
            assertThat(test.get("max_score").isNumber()).isTrue();
            assertThat(test.get("status").asText()).isIn("passed", "failed");
            assertThat(test.get("number").isTextual()).isTrue();
            assertThat(test.get("tags").isArray()).isTrue();
            assertThat(test.get("tags").get(0).asText()).isEqualTo("queue");
            assertThat(test.get("visibility").asText()).isIn(VISIBILITIES);
            sum += test.get("score").asInt();
        }
        assertThat(sum).isEqualTo(root.get("score").asInt());
        JsonNode stress = root.get("tests").get(1);
        assertThat(stress.get("number").asText()).isEqualTo("1.2");
        assertThat(stress.get("status").asText()).isEqualTo("failed");
        assertThat(stress.get("output").asText()).startsWith("Lost wakeup").contains("consumer-2 WAITING");
        assertThat(stress.get("tags").get(1).asText()).isEqualTo("correctness");
        JsonNode skipped = root.get("tests").get(3);
        assertThat(skipped.get("max_score").asInt()).isZero();
        assertThat(skipped.get("status").asText()).isEqualTo("passed");
    }

    @Test
    @DisplayName("criteria marked hidden are visible after the grades are published, with their feedback; the others at once")
    void hiddenCriteriaAreAfterPublished() throws Exception {
        JsonNode root = new ObjectMapper().readTree(GradescopeResults.of(SampleReports.partial(), Integrity.notChecked()).json());
        JsonNode hidden = root.get("tests").get(4);
        assertThat(hidden.get("visibility").asText()).isEqualTo("after_published");
        assertThat(hidden.get("output").asText()).contains(SampleReports.HIDDEN_FEEDBACK);
        assertThat(hidden.get("score").asInt()).isEqualTo(3);
        for (int i = 0; i < 4; i++) {
            assertThat(root.get("tests").get(i).get("visibility").asText()).isEqualTo("visible");
        }
    }

    @Test
    @DisplayName("a tamper check adds an integrity test worth 0 points")
    void integrityIsATestWorthNothing() throws Exception {
        Integrity tampered = new Integrity(true, 10, List.of("grader/pom.xml"), List.of(), List.of(), null, null);
        JsonNode root = new ObjectMapper().readTree(GradescopeResults.of(SampleReports.full(), tampered).json());
        JsonNode last = root.get("tests").get(root.get("tests").size() - 1);
        assertThat(last.get("name").asText()).isEqualTo("integrity");
        assertThat(last.get("status").asText()).isEqualTo("failed");
        assertThat(last.get("max_score").asInt()).isZero();
        assertThat(last.get("output").asText()).contains("changed: grader/pom.xml");
    }
}
