package edu.concurrency.grader.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class RegradeWorkflowTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode parse(RegradeWorkflow workflow) throws Exception {
        return YAML.readTree(workflow.yaml());
    }

    static JsonNode step(JsonNode job, String namePrefix) {
        return StreamSupport.stream(job.get("steps").spliterator(), false)
                .filter(s -> s.path("name").asText().startsWith(namePrefix)).findFirst().orElseThrow();
    }

    @Test
    void aMatrixOfShardJobsUploadsOneArtifactEachAndTheMergeJobDownloadsThemAll() throws Exception {
        JsonNode wf = parse(new RegradeWorkflow(5, new TemplateSettings(17, 1.5, 90), 2, List.of("queue"), null, "roster.csv"));

        assertThat(wf.get("on").has("workflow_dispatch")).isTrue();
        assertThat(wf.get("env").get("GRADER_TIMEOUT_FACTOR").asText()).isEqualTo("1.5");
        JsonNode grade = wf.get("jobs").get("grade");
        assertThat(grade.get("timeout-minutes").asInt()).isEqualTo(90);
        assertThat(grade.get("strategy").get("fail-fast").asBoolean()).isFalse();
        assertThat(StreamSupport.stream(grade.get("strategy").get("matrix").get("shard").spliterator(), false)
                .map(JsonNode::asInt).toList()).isEqualTo(IntStream.rangeClosed(1, 5).boxed().toList());
        assertThat(step(grade, "Grade shard").get("run").asText())
                .contains("batch \"${CLASS_ROOT:-class}\" --shard \"${{ matrix.shard }}/5\"", "--out \"grades/shard-${{ matrix.shard }}\"",
                        "--jobs 2 --only queue --roster 'roster.csv'");
        JsonNode upload = step(grade, "Upload the shard's grades");
        assertThat(upload.get("uses").asText()).isEqualTo("actions/upload-artifact@v4");
        assertThat(upload.get("with").get("name").asText()).isEqualTo("grades-shard-${{ matrix.shard }}");
        assertThat(upload.get("with").get("path").asText()).isEqualTo("grades/");

        JsonNode merge = wf.get("jobs").get("merge");
        assertThat(merge.get("needs").asText()).isEqualTo("grade");
        JsonNode download = step(merge, "Download");
        assertThat(download.get("uses").asText()).isEqualTo("actions/download-artifact@v4");
        assertThat(download.get("with").get("pattern").asText()).isEqualTo("grades-shard-*");
        assertThat(download.get("with").get("merge-multiple").asBoolean()).isTrue();
        assertThat(download.get("with").get("path").asText()).isEqualTo("shards");
        assertThat(step(merge, "Merge").get("run").asText()).contains("merge shards/shard-* --out class-grades");
        assertThat(step(merge, "Class summary").get("run").asText()).contains("class-grades/summary.md >> \"$GITHUB_STEP_SUMMARY\"");
        assertThat(step(merge, "Upload the class's grades").get("with").get("name").asText()).isEqualTo("class-grades");
    }

    @Test
    void theFetchStepIsLeftToTheInstructorAndFailsUntilFilledIn() throws Exception {
        String yaml = new RegradeWorkflow(2, new TemplateSettings(17, 1, 60), null, List.of(), null, null).yaml();
        JsonNode fetch = step(YAML.readTree(yaml).get("jobs").get("grade"), "Fetch the class");
        assertThat(fetch.get("run").asText()).contains("exit 1");
        assertThat(yaml).contains("# FILL IN", "gh teacher download");
    }

    @Test
    void moreShardsThanGithubRunsInOneMatrixAreRefused() {
        assertThat(new RegradeWorkflow(256, new TemplateSettings(17, 1, 60), null, List.of(), null, null).yaml()).contains("256]");
        assertThatThrownBy(() -> new RegradeWorkflow(257, new TemplateSettings(17, 1, 60), null, List.of(), null, null))
                .hasMessageContaining("between 1 and 256");
        assertThatThrownBy(() -> new RegradeWorkflow(0, new TemplateSettings(17, 1, 60), null, List.of(), null, null))
                .hasMessageContaining("between 1 and 256");
    }
}
