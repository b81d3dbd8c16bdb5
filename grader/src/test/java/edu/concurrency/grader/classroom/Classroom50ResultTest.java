package edu.concurrency.grader.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import edu.concurrency.grader.report.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code grade --format classroom50}: the result follows Classroom 50's contract (its JSON Schema
 * and the cross-field rules, see {@link Classroom50Contract}) for every kind of submission, the
 * points per criterion are the report's, the identity comes from the runner's environment and git,
 * hidden criteria say only their status, and the release body fits a release.
 */
class Classroom50ResultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPOSITORY = "cs-concurrency-queue-alice";
    private static final Instant NOW = Instant.parse("2026-12-07T10:15:30.250Z");

    /** The environment Classroom 50's runner gives the autograder, for {@link #REPOSITORY}. */
    private static Map<String, String> runnerEnvironment() {
        return Classroom50Contract.runnerEnvironment("cs-org", "cs-concurrency", "queue", "alice");
    }

    private static Classroom50Result result(Report report, Integrity integrity, Path checkout) {
        return Classroom50Result.of(report, integrity, Classroom50Identity.of(runnerEnvironment(), checkout, NOW));
    }

    static Stream<Arguments> submissions() {
        return Stream.of(
                Arguments.of("the reference solution (full marks)", SampleReports.full()),
                Arguments.of("the stubs (0)", SampleReports.stubs()),
                Arguments.of("a buggy submission (partial credit)", SampleReports.partial()),
                Arguments.of("a submission that does not compile", SampleReports.noCompile()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("submissions")
    @DisplayName("result.json follows the schema and the cross-field rules, one test per criterion with the report's points")
    void followsTheContract(String name, Report report, @TempDir Path dir) throws Exception {
        Classroom50Result result = result(report, Integrity.notChecked(), dir);
        assertThat(Classroom50Contract.violations(result.json(), REPOSITORY)).as(result.json()).isEmpty();
        JsonNode json = JSON.readTree(result.json());
        assertThat(json.get("score").asInt()).isEqualTo(report.score());
        assertThat(json.get("max-score").asInt()).isEqualTo(report.maxScore());
        assertThat(json.get("tests")).hasSameSizeAs(report.criteria());
        for (int i = 0; i < report.criteria().size(); i++) {
            CriterionResult c = report.criteria().get(i);
            JsonNode test = json.get("tests").get(i);
            boolean skipped = c.status() == Status.SKIPPED;
            assertThat(test.get("test-name").asText()).as(c.id()).startsWith(c.id() + ": " + c.title());
            assertThat(test.get("score").asInt()).as(c.id()).isEqualTo(c.points());
            assertThat(test.get("max-score").asInt()).as(c.id()).isEqualTo(skipped ? 0 : c.maxPoints());
            assertThat(test.get("passed").asBoolean()).as(c.id()).isEqualTo(c.status() == Status.PASSED || skipped);
            assertThat(test.get("kind").asText()).isEqualTo(c.kind().label());
            assertThat(test.get("status").asText()).isEqualTo(c.status().label());
        }
        boolean full = report.criteria().stream().allMatch(c -> c.status() == Status.PASSED || c.status() == Status.SKIPPED);
        assertThat(result.status(false)).isEqualTo(full ? "success" : "failure");
        assertThat(result.status(true)).isEqualTo("error");
    }

    @Test
    @DisplayName("the contract check itself catches broken results: schema, sums, score above maximum, foreign identity")
    void contractCatchesBrokenResults(@TempDir Path dir) throws Exception {
        String valid = result(SampleReports.partial(), Integrity.notChecked(), dir).json();
        assertThat(Classroom50Contract.violations(valid, REPOSITORY)).isEmpty();
        assertThat(Classroom50Contract.violations(valid, "cs-concurrency-queue-bob"))
                .anySatisfy(v -> assertThat(v).contains("the repository cs-concurrency-queue-bob"));
        assertThat(Classroom50Contract.violations(valid.replace("\"max-score\" : 31", "\"max-score\" : 30"), null))
                .anySatisfy(v -> assertThat(v).contains("add up to"));
        assertThat(Classroom50Contract.violations(valid.replace("\"score\" : 11", "\"score\" : 40"), null))
                .anySatisfy(v -> assertThat(v).contains("score 40 > max-score"));
        assertThat(Classroom50Contract.violations(valid.replace("\"schema\" : \"classroom50/result/v1\"",
                "\"schema\" : \"classroom50/result/v2\""), null)).anySatisfy(v -> assertThat(v).startsWith("schema:"));
        assertThat(Classroom50Contract.violations(valid.replace("\"graded_at\"", "\"extra\" : 1, \"graded_at\""), null))
                .anySatisfy(v -> assertThat(v).startsWith("schema:"));
        assertThat(Classroom50Contract.violations(valid.replace("\"submit/", "\"tag/"), null))
                .anySatisfy(v -> assertThat(v).startsWith("schema:"));
        assertThat(Classroom50Contract.violations(valid.replace("\"passed\" : true", "\"passed\" : \"yes\""), null))
                .anySatisfy(v -> assertThat(v).startsWith("schema:"));
    }

    @Test
    @DisplayName("the identity is the runner's environment; datetime is the commit's committer date in UTC, graded_at now")
    void identityFromTheRunnersEnvironmentAndGit(@TempDir Path dir) throws Exception {
        Path checkout = Files.createDirectories(dir.resolve(REPOSITORY));
        git(checkout, "init", "-q");
        Files.writeString(checkout.resolve("README.md"), "work\n");
        git(checkout, "add", "README.md");
        git(checkout, "-c", "user.name=Alice", "-c", "user.email=alice@example.org", "commit", "-q", "-m", "work");
        JsonNode json = JSON.readTree(result(SampleReports.partial(), Integrity.notChecked(), checkout).json());
        Map<String, String> env = runnerEnvironment();
        assertThat(json.get("schema").asText()).isEqualTo("classroom50/result/v1");
        assertThat(json.get("classroom").asText()).isEqualTo("cs-concurrency");
        assertThat(json.get("assignment").asText()).isEqualTo("queue");
        assertThat(json.get("owner").asText()).isEqualTo("alice");
        assertThat(json.get("assignment_type").asText()).isEqualTo("individual");
        assertThat(json.get("submission").asText()).isEqualTo(env.get("SUBMISSION_TAG"));
        assertThat(json.get("commit").asText()).isEqualTo(env.get("COMMIT_URL"));
        assertThat(json.get("release").asText()).isEqualTo(env.get("RELEASE_URL"));
        assertThat(json.get("review").asText()).isEqualTo(env.get("REVIEW_URL"));
        assertThat(json.get("datetime").asText()).as("the committer date 2026-11-30T23:30:05+02:00, in UTC")
                .isEqualTo("2026-11-30T21:30:05Z");
        assertThat(json.get("graded_at").asText()).isEqualTo("2026-12-07T10:15:30Z");
        assertThat(json.get("submitted_by").get("username").asText()).isEqualTo("alice");
        assertThat(json.get("submitted_by").get("id").asLong()).isEqualTo(4242);

        env.put("ASSIGNMENT_TYPE", "group");
        env.remove("REVIEW_URL");
        env.remove("GITHUB_ACTOR_ID");
        JsonNode group = JSON.readTree(Classroom50Result.of(SampleReports.partial(), Integrity.notChecked(),
                Classroom50Identity.of(env, checkout, NOW)).json());
        assertThat(group.get("assignment_type").asText()).isEqualTo("group");
        assertThat(group.get("review").asText()).as("review falls back to the commit").isEqualTo(env.get("COMMIT_URL"));
        assertThat(group.get("submitted_by").get("id").isNull()).isTrue();
        assertThat(Classroom50Contract.violations(group.toString(), REPOSITORY)).isEmpty();
    }

    @Test
    @DisplayName("outside the runner (no environment, no git) the result still follows the schema")
    void outsideTheRunner(@TempDir Path dir) throws Exception {
        Classroom50Result result = Classroom50Result.of(SampleReports.partial(), Integrity.notChecked(),
                Classroom50Identity.of(Map.of(), dir, NOW));
        assertThat(Classroom50Contract.violations(result.json(), null)).as(result.json()).isEmpty();
        assertThat(result.submission()).isEqualTo("submit/local-2026-12-07T10-15-30Z");
        assertThat(result.classroom()).isEqualTo("local");
        assertThat(result.datetime()).as("no commit: now").isEqualTo("2026-12-07T10:15:30Z");
        assertThat(result.submittedBy()).isNull();
        assertThat(result.json()).doesNotContain("submitted_by");
    }

    @Test
    @DisplayName("a hidden criterion keeps its points but its feedback is only its status, in result.json and the release body")
    void hiddenCriteriaSayOnlyTheirStatus(@TempDir Path dir) throws Exception {
        Report partial = SampleReports.partial();
        List<CriterionResult> criteria = new ArrayList<>(partial.criteria());
        CriterionResult secret = criteria.remove(criteria.size() - 1);
        criteria.add(new CriterionResult(secret.id(), secret.exercise(), secret.kind(), secret.title(), 0,
                secret.maxPoints(), Status.FAILED, SampleReports.HIDDEN_FEEDBACK, List.of("secret details"),
                Map.of(), 10, true));
        Report report = new Report(partial.submission(), partial.score() - secret.points(), partial.maxScore(), criteria,
                partial.phases(), partial.environment(), partial.notes());
        Classroom50Result result = result(report, Integrity.notChecked(), dir);
        Classroom50Result.Test hidden = result.tests().get(result.tests().size() - 1);
        assertThat(hidden.feedback()).isEqualTo("failed");
        assertThat(hidden.score()).isZero();
        assertThat(hidden.maxScore()).isEqualTo(3);
        assertThat(result.json()).doesNotContain(SampleReports.HIDDEN_FEEDBACK).doesNotContain("secret details");
        result.write(dir.resolve("out"), new ReportWriter().markdown(report), false, Map.of());
        assertThat(Files.readString(dir.resolve("out/release-body.md")))
                .doesNotContain(SampleReports.HIDDEN_FEEDBACK).doesNotContain("secret details");
        Classroom50Result.Test visible = result.tests().get(1);
        assertThat(visible.feedback()).startsWith("Lost wakeup: expected all 8 producers").doesNotContain("\n");
    }

    @Test
    @DisplayName("an edited protected file is a failed integrity test worth 0 of 0: full points, but the status is failure")
    void tamperingFailsTheIntegrityTest(@TempDir Path dir) throws Exception {
        Integrity tampered = new Integrity(true, 10, List.of("grader/pom.xml"), List.of(), List.of(), "ab".repeat(32), null);
        Classroom50Result result = result(SampleReports.full(), tampered, dir);
        Classroom50Result.Test integrity = result.tests().get(result.tests().size() - 1);
        assertThat(integrity.name()).isEqualTo("integrity");
        assertThat(integrity.passed()).isFalse();
        assertThat(integrity.maxScore()).isZero();
        assertThat(integrity.feedback()).contains("changed: grader/pom.xml");
        assertThat(result.score()).isEqualTo(result.maxScore()).isEqualTo(SampleReports.full().maxScore());
        assertThat(result.status(false)).isEqualTo("failure");
        assertThat(Classroom50Contract.violations(result.json(), REPOSITORY)).isEmpty();
        Integrity intact = new Integrity(true, 10, List.of(), List.of(), List.of(), "ab".repeat(32), null);
        assertThat(result(SampleReports.full(), intact, dir).status(false)).isEqualTo("success");
    }

    @Test
    @DisplayName("write: result.json, release-body.md, and status=/summary= lines appended to $GITHUB_OUTPUT")
    void writesTheFilesAndTheStepOutputs(@TempDir Path dir) throws Exception {
        Path output = Files.writeString(dir.resolve("github-output"), "head-sha=abc\n");
        Classroom50Result result = result(SampleReports.partial(), Integrity.notChecked(), dir);
        String markdown = new ReportWriter().markdown(SampleReports.partial());
        List<Path> written = result.write(dir.resolve("r"), markdown, false, Map.of("GITHUB_OUTPUT", output.toString()));
        assertThat(written).containsExactly(dir.resolve("r/result.json"), dir.resolve("r/release-body.md"), output);
        assertThat(Classroom50Contract.violations(Files.readString(dir.resolve("r/result.json")), REPOSITORY)).isEmpty();
        assertThat(Files.readString(dir.resolve("r/release-body.md"))).isEqualTo(markdown);
        assertThat(Files.readAllLines(output)).containsExactly("head-sha=abc", "status=failure",
                "summary=concurrency-grader: 11/31 (3/5 tests passed)");
        result.write(dir.resolve("r"), markdown, true, Map.of("GITHUB_OUTPUT", output.toString()));
        assertThat(Files.readAllLines(output).subList(3, 5)).first().isEqualTo("status=error");
    }

    @Test
    @DisplayName("a report longer than a release holds is cut at a line, its code block and details closed, with a '... cut' note")
    void longReportsAreCutToFit() {
        String markdown = new ReportWriter().markdown(SampleReports.huge(60, 3000));
        assertThat(markdown.length()).isGreaterThan(ReleaseBody.MAX_CHARS);
        String body = ReleaseBody.fit(markdown, ReleaseBody.MAX_CHARS);
        assertThat(body.length()).isLessThanOrEqualTo(ReleaseBody.MAX_CHARS);
        assertThat(body).startsWith(markdown.substring(0, 1000)).contains(ReleaseBody.CUT_MARK)
                .contains("the report has " + markdown.length() + " characters");
        assertThat(body.lines().filter(l -> l.strip().startsWith("```")).count() % 2).as("code fences balanced").isZero();
        assertThat(body.split("<details>", -1).length).as("every <details> closed")
                .isEqualTo(body.split("</details>", -1).length);
        for (int limit : new int[] {2_000, 5_000, 12_345}) {
            String small = ReleaseBody.fit(markdown, limit);
            assertThat(small.length()).isLessThanOrEqualTo(limit);
            assertThat(small).contains(ReleaseBody.CUT_MARK);
        }
        String shortReport = new ReportWriter().markdown(SampleReports.partial());
        assertThat(ReleaseBody.fit(shortReport, ReleaseBody.MAX_CHARS)).isEqualTo(shortReport);
        assertThatThrownBy(() -> ReleaseBody.fit(markdown, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Runs git in {@code dir} with a fixed committer date, so that the commit's date is known. */
    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_COMMITTER_DATE", "2026-11-30T23:30:05+02:00");
        builder.environment().put("GIT_AUTHOR_DATE", "2026-11-30T23:30:05+02:00");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
    }
}
