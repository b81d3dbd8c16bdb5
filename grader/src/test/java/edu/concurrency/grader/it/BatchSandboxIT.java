package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import edu.concurrency.grader.batch.ClassOutputs;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.rubric.RubricFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code batch} keeps the submissions of a class apart: {@code submissions/batch/reads-sibling}
 * reads every Java source in the class folder (whose path the test writes into it) and throws the
 * first secret it finds from its constructor, so that it lands in its report. Beside it sits a
 * submission with a random secret in a source file of its own (and a file that does not compile,
 * which keeps its grading to the compiler). A class of these two, graded with {@code --jobs 2
 * --only queue} and a rubric whose queue has {@code queue.basic} alone (batch has no
 * {@code --criteria}; an instructor may delete criteria): in the sandbox the secret appears neither
 * in the console nor in any file of the output, and the hostile report says it read nothing; with
 * {@code --sandbox none} its report shows the secret. Nothing is left running either way.
 */
@Tag("slow")
@Tag("batch")
class BatchSandboxIT {
    private static final Path HOSTILE = GradingRun.repoRoot().resolve("grader/src/test/submissions/batch/reads-sibling");
    private static final String QUEUE = "src/main/java/edu/concurrency/queue/";

    @ParameterizedTest(name = "--sandbox {0}")
    @ValueSource(strings = {"auto", "none"})
    @DisplayName("a submission graded by batch reads another's sources only without the sandbox")
    void aSubmissionReadsAnotherOnlyWithoutTheSandbox(String sandbox, @TempDir Path tmp) throws Exception {
        String secret = "sibling-secret-" + UUID.randomUUID();
        Path classDir = Files.createDirectories(tmp.resolve("class"));
        Path alice = Files.createDirectories(classDir.resolve("alice").resolve(QUEUE));
        Files.writeString(alice.resolve("Notes.java"), "// " + secret + "\n");
        Files.writeString(alice.resolve("BoundedBuffer.java"), "this line is not Java\n");
        Path sibling = GradingRun.overlay(HOSTILE, classDir.resolve("mallory")).resolve(QUEUE + "Sibling.java");
        Files.writeString(sibling, Files.readString(sibling).replace("@CLASS_FOLDER@", classDir.toRealPath().toString()));

        Path out = tmp.resolve("out");
        String tag = UUID.randomUUID().toString();
        Path console = tmp.resolve("console.txt");
        List<String> command = new ArrayList<>(List.of(CommandRun.java(), GradingRun.GRADER_HEAP, "-jar",
                GradingRun.graderJar().toString(), "batch", classDir.toString(), "--out", out.toString(), "--jobs", "2",
                "--only", "queue", "--rubric", basicOnlyRubric(tmp).toString(), "--sandbox", sandbox));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Files.createDirectories(tmp.resolve("cwd")).toFile())
                .redirectErrorStream(true).redirectOutput(console.toFile());
        builder.environment().put(GradingRun.TAG, tag);
        Process batch = builder.start();
        List<ProcessHandle> seen = new ArrayList<>();
        try {
            assertThat(GradingRun.waitWatching(batch, Duration.ofMinutes(10), seen)).as("the batch finishes within 10 minutes")
                    .isTrue();
        } finally {
            batch.destroy(); // a batch still running (the assertion failed) stops its gradings
            batch.waitFor(60, TimeUnit.SECONDS);
        }
        String text = Files.readString(console, StandardCharsets.UTF_8);
        assertThat(batch.exitValue()).as(text).isZero();

        Map<String, StudentRow> rows = ClassOutputs.readSummary(out.resolve("summary.json")).students().stream()
                .collect(Collectors.toMap(StudentRow::student, r -> r));
        assertThat(rows.get("alice").status()).as(text).isEqualTo(SubmissionStatus.COMPILE_ERROR);
        assertThat(rows.get("mallory").status()).as(text).isEqualTo(SubmissionStatus.GRADED);
        Report report = ReportWriter.read(out.resolve("submissions/mallory/report.json"));
        String feedback = report.criteria().stream().map(CriterionResult::feedback).collect(Collectors.joining("\n"));
        String story = "mallory's report, --sandbox " + sandbox + ":\n" + feedback + "\nnotes: " + report.notes();
        boolean sandboxed = SandboxExpectation.check(report, "none".equals(sandbox), story);
        if (sandboxed) {
            assertThat(feedback).as(story).contains("read nothing of another submission");
            assertThat(text + "\n" + GradingRun.everyFile(out)).as("the console and every output file of a batch in the sandbox")
                    .doesNotContain(secret);
        } else {
            assertThat(feedback).as(story).contains("read from another submission: " + secret);
        }
        assertThat(new GradingRun(null, 0, "", 0, tag, seen, true).survivors()).as("processes left running by the batch")
                .isEmpty();
    }

    /** The bundled rubric of the queue with its {@code queue.basic} alone, written to {@code dir/rubric.yaml}. */
    private static Path basicOnlyRubric(Path dir) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode rubric;
        try (InputStream in = Rubric.class.getResourceAsStream(
                "/" + RubricFiles.FOLDER + "/queue" + RubricFiles.SUFFIX)) {
            rubric = yaml.readTree(in);
        }
        ArrayNode exercises = (ArrayNode) rubric.get("exercises");
        for (int i = exercises.size() - 1; i >= 0; i--) {
            if (!"queue".equals(exercises.get(i).get("id").asText())) {
                exercises.remove(i);
            }
        }
        ArrayNode criteria = (ArrayNode) exercises.get(0).get("criteria");
        for (int i = criteria.size() - 1; i >= 0; i--) {
            if (!"queue.basic".equals(criteria.get(i).get("id").asText())) {
                criteria.remove(i);
            }
        }
        Path file = dir.resolve("rubric.yaml");
        yaml.writeValue(file.toFile(), rubric);
        return file;
    }
}
