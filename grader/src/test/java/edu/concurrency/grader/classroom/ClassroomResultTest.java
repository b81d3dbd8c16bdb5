package edu.concurrency.grader.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassroomResultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TEST_FIELDS =
            Set.of("name", "status", "score", "message", "test_code", "filename", "line_no", "duration");

    /** Decodes as the reporter does (base64, UTF-8, JSON) and checks the result against its schema. */
    private static JsonNode decodeAndCheckSchema(String base64) throws Exception {
        JsonNode root = JSON.readTree(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
        assertThat(fieldNames(root)).containsExactlyInAnyOrder("version", "status", "max_score", "tests");
        assertThat(root.get("version").isInt()).isTrue();
        assertThat(root.get("version").asInt()).isEqualTo(1);
        assertThat(root.get("status").asText()).isIn("pass", "fail", "error");
        assertThat(root.get("max_score").isInt()).isTrue();
        assertThat(root.get("tests").isArray()).isTrue();
        for (JsonNode test : root.get("tests")) {
            assertThat(fieldNames(test)).as(test.toString()).containsExactlyInAnyOrderElementsOf(TEST_FIELDS);
            for (String text : List.of("name", "status", "message", "test_code", "filename")) {
                assertThat(test.get(text).isTextual()).as(text).isTrue();
            }
            assertThat(test.get("status").asText()).isIn("pass", "fail", "error");
            assertThat(test.get("score").isInt()).isTrue();
            assertThat(test.get("line_no").isInt()).isTrue();
            assertThat(test.get("duration").isNumber()).isTrue();
            assertThat(test.get("name").asText()).isNotBlank();
        }
        return root;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int sumOfScores(JsonNode root) {
        return StreamSupport.stream(root.get("tests").spliterator(), false).mapToInt(t -> t.get("score").asInt()).sum();
    }

    @Test
    @DisplayName("the result decodes, matches the schema, has one test per criterion, and the scores sum to the partial score")
    void decodesMatchesTheSchemaAndPartialScoresSum() throws Exception {
        ClassroomResult result = ClassroomResult.of(SampleReports.partial(), SampleReports.rubric(), Integrity.notChecked(), false);
        JsonNode root = decodeAndCheckSchema(result.encode());
        assertThat(root.get("tests")).hasSize(5);
        assertThat(sumOfScores(root)).isEqualTo(11);
        assertThat(root.get("max_score").asInt()).isEqualTo(31);
        assertThat(root.get("status").asText()).isEqualTo("fail");
        JsonNode stress = root.get("tests").get(1);
        assertThat(stress.get("name").asText()).startsWith("queue.stress: ");
        assertThat(stress.get("status").asText()).isEqualTo("fail");
        assertThat(stress.get("message").asText()).startsWith("Lost wakeup").contains("consumer-2 WAITING");
        assertThat(stress.get("filename").asText()).isEqualTo("edu/concurrency/queue/BoundedBuffer.java");
        assertThat(stress.get("line_no").asInt()).isEqualTo(41);
        assertThat(stress.get("test_code").asText()).contains("edu.concurrency.grader.suites.queue.");
        assertThat(stress.get("duration").asDouble()).isEqualTo(1.5);
        assertThat(root.get("tests").get(2).get("status").asText()).isEqualTo("error");
        JsonNode skipped = root.get("tests").get(3);
        assertThat(skipped.get("status").asText()).isEqualTo("pass");
        assertThat(skipped.get("score").asInt()).isZero();
        assertThat(skipped.get("message").asText()).startsWith("Skipped, not counted");
        assertThat(ClassroomResult.decode(result.encode())).isEqualTo(result);
    }

    @Test
    @DisplayName("full marks give status pass; a failed grader run gives status error")
    void statusFollowsTheScoreAndTheRun() throws Exception {
        JsonNode full = decodeAndCheckSchema(ClassroomResult.of(SampleReports.full(), SampleReports.rubric(),
                Integrity.notChecked(), false).encode());
        assertThat(full.get("status").asText()).isEqualTo("pass");
        assertThat(sumOfScores(full)).isEqualTo(full.get("max_score").asInt());
        JsonNode failed = decodeAndCheckSchema(ClassroomResult.of(SampleReports.partial(), SampleReports.rubric(),
                Integrity.notChecked(), true).encode());
        assertThat(failed.get("status").asText()).isEqualTo("error");
    }

    @Test
    @DisplayName("a hidden criterion keeps its points but none of its words reach the student-facing result")
    void hiddenCriteriaAreLeftOutOfTheText() throws Exception {
        ClassroomResult result = ClassroomResult.of(SampleReports.partial(), SampleReports.rubric(), Integrity.notChecked(), false);
        JsonNode hidden = decodeAndCheckSchema(result.encode()).get("tests").get(4);
        assertThat(hidden.get("name").asText()).isEqualTo("Hidden criterion 1");
        assertThat(hidden.get("score").asInt()).isEqualTo(3);
        assertThat(hidden.get("message").asText()).isEmpty();
        assertThat(hidden.get("test_code").asText()).isEmpty();
        assertThat(result.json()).doesNotContain(SampleReports.HIDDEN_TITLE).doesNotContain(SampleReports.HIDDEN_FEEDBACK)
                .doesNotContain("queue.secret").doesNotContain("secret details").doesNotContain("secret_Suite");
    }

    @Test
    @DisplayName("huge feedback is cut: the encoded result stays well under 100 KB and each message still starts with the hazard")
    void hugeFeedbackStaysWellUnder100Kb() throws Exception {
        int[][] cases = {{1, 2_000_000}, {16, 200_000}, {60, 50_000}, {150, 20_000}};
        for (int[] c : cases) {
            int criteria = c[0];
            ClassroomResult result = ClassroomResult.of(SampleReports.huge(criteria, c[1]), null,
                    Integrity.notChecked(), false);
            String encoded = result.encode();
            assertThat(encoded.length()).as("%d criteria", criteria).isLessThanOrEqualTo(ClassroomResult.MAX_ENCODED_CHARS)
                    .isLessThan(100_000);
            JsonNode root = decodeAndCheckSchema(encoded);
            assertThat(root.get("tests")).hasSize(criteria);
            if (criteria <= 60) {
                assertThat(root.get("tests").get(0).get("message").asText()).startsWith("Deadlock 0: ").endsWith(Text.CUT_MARK);
            }
        }
    }

    @Test
    @DisplayName("changed protected files make a failing integrity entry worth 0 points, and the status fail even at full marks")
    void tamperingIsAFailingIntegrityEntry() throws Exception {
        Integrity tampered = new Integrity(true, 40, List.of("grader/pom.xml"), List.of("grader/src/main/java/X.java"),
                List.of(), "ab".repeat(32), null);
        JsonNode root = decodeAndCheckSchema(ClassroomResult.of(SampleReports.full(), SampleReports.rubric(), tampered, false)
                .encode());
        assertThat(root.get("status").asText()).isEqualTo("fail");
        JsonNode integrity = root.get("tests").get(root.get("tests").size() - 1);
        assertThat(integrity.get("name").asText()).isEqualTo("integrity");
        assertThat(integrity.get("status").asText()).isEqualTo("fail");
        assertThat(integrity.get("score").asInt()).isZero();
        assertThat(integrity.get("message").asText()).contains("changed: grader/pom.xml").contains("added: grader/src/main/java/X.java");
        assertThat(integrity.get("filename").asText()).isEqualTo("grader/pom.xml");
        assertThat(sumOfScores(root)).isEqualTo(root.get("max_score").asInt());

        Integrity intact = new Integrity(true, 40, List.of(), List.of(), List.of(), "ab".repeat(32), null);
        JsonNode ok = decodeAndCheckSchema(ClassroomResult.of(SampleReports.full(), SampleReports.rubric(), intact, false).encode());
        assertThat(ok.get("status").asText()).isEqualTo("pass");
        assertThat(ok.get("tests").get(ok.get("tests").size() - 1).get("status").asText()).isEqualTo("pass");
    }

    @Test
    @DisplayName("write() appends result=BASE64 to $GITHUB_OUTPUT and writes the same result to files")
    void writesTheStepOutputAndFiles(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("github-output");
        Files.writeString(output, "earlier=1\n");
        ClassroomResult result = ClassroomResult.of(SampleReports.partial(), SampleReports.rubric(), Integrity.notChecked(), false);
        List<Path> written = result.write(dir.resolve("report"), Map.of("GITHUB_OUTPUT", output.toString()));
        assertThat(written).contains(output, dir.resolve("report/classroom-result.b64"), dir.resolve("report/classroom-result.json"));
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(2).first().isEqualTo("earlier=1");
        assertThat(lines.get(1)).startsWith("result=").doesNotContain(" ");
        decodeAndCheckSchema(lines.get(1).substring("result=".length()));
        assertThat(Files.readString(dir.resolve("report/classroom-result.b64")).strip()).isEqualTo(lines.get(1).substring(7));
        assertThat(JSON.readTree(dir.resolve("report/classroom-result.json").toFile()))
                .isEqualTo(JSON.readTree(result.json()));
        assertThat(result.write(dir.resolve("again"), Map.of())).hasSize(2);
    }
}
