package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.concurrency.grader.classroom.Classroom50Contract;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import edu.concurrency.grader.report.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Classroom 50 autograder bundle, end to end: {@code export-template --only queue --classroom50}
 * with the packaged grader, a student's repository {@value #REPOSITORY} made of the template with a
 * buggy submission of the queue and Classroom 50's own workflow added (as {@code gh student accept}
 * does), committed with git, then {@code python3 autograder.py} run the way Classroom 50's runner
 * runs it: in the checkout, with the runner's environment and a {@code $GITHUB_OUTPUT} of its own.
 * The bundle builds the grader from its sources with Maven (the local repository that built this
 * project, so nothing is downloaded). A second run, whose Maven build cannot start, shows that a
 * grading that fails still leaves a valid result with every test failed.
 */
@Tag("slow")
@Tag("template")
class Classroom50BundleIT {
    private static final String REPOSITORY = "cs-concurrency-queue-alice";
    private static final String PACKAGE_DIR = "edu/concurrency/queue";
    /** A buggy submission whose loss is certain on any machine: it loses one architecture criterion, nothing else. */
    private static final String VARIANT = "delegates-to-abq";
    /** The committer date of the student's commit; the result's datetime is this in UTC. */
    private static final String COMMITTED = "2026-12-05T18:04:09+01:00";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path template;
    static Path bundle;

    @BeforeAll
    static void export() throws Exception {
        template = work.resolve("template");
        bundle = work.resolve("queue-classroom50");
        CommandRun export = CommandRun.run(List.of(CommandRun.java(), "-jar", GradingRun.graderJar().toString(),
                "export-template", template.toString(), "--repo", GradingRun.repoRoot().toString(), "--only", "queue",
                "--classroom50", bundle.toString()), work, Map.of(), work);
        assertThat(export.exitCode()).as(export.output()).isZero();
        assertThat(bundle.resolve("autograder.py")).isRegularFile();
        System.out.printf("exported the template and the bundle in %.1f s:%n%s%n", export.seconds(), export.output());
    }

    @Test
    @DisplayName("a buggy submission, graded as Classroom 50's runner does: exit 0, a valid result.json with the"
            + " expected points per criterion, release-body.md, status and summary")
    void buggySubmission() throws Exception {
        Path checkout = studentRepository(work.resolve("graded"));
        GradingRun.Expected expected = GradingRun.Expected.read(variant());
        Path output = Files.createFile(work.resolve("graded-github-output"));

        CommandRun run = autograder(checkout, output, Map.of());

        assertThat(run.exitCode()).as(run.tail()).isZero();
        String json = Files.readString(checkout.resolve("result.json"));
        assertThat(Classroom50Contract.violations(json, REPOSITORY)).as(json).isEmpty();
        JsonNode result = JSON.readTree(json);
        assertThat(result.get("classroom").asText()).isEqualTo("cs-concurrency");
        assertThat(result.get("assignment").asText()).isEqualTo("queue");
        assertThat(result.get("owner").asText()).isEqualTo("alice");
        assertThat(result.get("datetime").asText()).isEqualTo("2026-12-05T17:04:09Z");
        assertThat(result.get("submission").asText()).isEqualTo(environment(output).get("SUBMISSION_TAG"));

        // points per criterion: the bundle's rubric's points, lost exactly where the variant's bug is
        Report report = ReportWriter.read(checkout.resolve("grading-report/report.json"));
        Map<String, Integer> points = criteriaPoints();
        assertThat(report.criteria()).extracting(CriterionResult::id).containsExactlyElementsOf(points.keySet());
        Set<String> lost = GradingRun.lost(report.criteria());
        Set<String> skipped = report.criteria().stream().filter(c -> c.status() == Status.SKIPPED)
                .map(CriterionResult::id).collect(Collectors.toSet());
        String story = report.criteria().stream().filter(c -> c.status() != Status.PASSED)
                .map(c -> c.id() + " " + c.status().label() + ": " + c.feedback()).collect(Collectors.joining("\n"));
        assertThat(lost).as(story).containsAll(GradingRun.without(expected.loses(), skipped))
                .allMatch(id -> expected.loses().contains(id) || expected.mayLose().contains(id));
        List<JsonNode> tests = new ArrayList<>();
        result.get("tests").forEach(tests::add);
        assertThat(tests).hasSize(points.size() + 1);
        int i = 0;
        for (Map.Entry<String, Integer> criterion : points.entrySet()) {
            JsonNode test = tests.get(i++);
            String id = criterion.getKey();
            assertThat(test.get("test-name").asText()).startsWith(id + ": ");
            if (lost.contains(id)) {
                assertThat(test.get("passed").asBoolean()).as(id).isFalse();
                assertThat(test.get("score").asInt()).as(id).isZero();
                assertThat(test.get("max-score").asInt()).as(id).isEqualTo(criterion.getValue());
                assertThat(test.get("feedback").asText()).as(id).isNotBlank();
            } else if (skipped.contains(id)) {
                assertThat(test.get("max-score").asInt()).as(id + " skipped, not counted").isZero();
            } else {
                assertThat(test.get("passed").asBoolean()).as(id).isTrue();
                assertThat(test.get("score").asInt()).as(id).isEqualTo(criterion.getValue())
                        .isEqualTo(test.get("max-score").asInt());
            }
        }
        JsonNode integrity = tests.get(tests.size() - 1);
        assertThat(integrity.get("test-name").asText()).isEqualTo("integrity");
        assertThat(integrity.get("passed").asBoolean()).as("Classroom 50's own workflow is no tampering: "
                + integrity.get("feedback").asText()).isTrue();
        assertThat(result.get("score").asInt()).isEqualTo(report.score()).isPositive().isLessThan(report.maxScore());

        String body = Files.readString(checkout.resolve("release-body.md"));
        assertThat(body).startsWith("# Grading report: " + report.score() + " / " + report.maxScore())
                .contains(expected.loses().iterator().next());
        assertThat(Files.readAllLines(output)).contains("status=failure")
                .anySatisfy(l -> assertThat(l).startsWith("summary=concurrency-grader: " + report.score() + "/"));
        System.out.printf("autograder.py graded %s (%s) in %.1f s: %d/%d, lost %s%n", VARIANT, expected.bug(),
                run.seconds(), report.score(), report.maxScore(), lost);
    }

    @Test
    @DisplayName("when the grader cannot be built, autograder.py still exits 0 with every test failed, the cause in"
            + " release-body.md and status=error; with nowhere to write a result it exits non-zero")
    void graderFailure() throws Exception {
        Path checkout = studentRepository(work.resolve("failed"));
        Path output = Files.createFile(work.resolve("failed-github-output"));

        CommandRun run = autograder(checkout, output, Map.of("GRADER_MAVEN_ARGS", "--no-such-maven-option"));

        assertThat(run.exitCode()).as(run.tail()).isZero();
        String json = Files.readString(checkout.resolve("result.json"));
        assertThat(Classroom50Contract.violations(json, REPOSITORY)).as(json).isEmpty();
        JsonNode result = JSON.readTree(json);
        Map<String, Integer> points = criteriaPoints();
        assertThat(result.get("score").asInt()).isZero();
        assertThat(result.get("max-score").asInt()).isEqualTo(points.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(result.get("tests")).hasSize(points.size())
                .allSatisfy(t -> assertThat(t.get("passed").asBoolean()).isFalse());
        assertThat(Files.readString(checkout.resolve("release-body.md")))
                .contains("could not grade this submission: building the grader failed")
                .contains("no-such-maven-option");
        assertThat(Files.readAllLines(output)).contains("status=error")
                .anySatisfy(l -> assertThat(l).startsWith("summary=concurrency-grader: not graded: building the grader failed"));

        Files.delete(checkout.resolve("result.json"));
        Files.createDirectory(checkout.resolve("result.json"));
        CommandRun nowhere = autograder(checkout, output, Map.of("GRADER_MAVEN_ARGS", "--no-such-maven-option"));
        assertThat(nowhere.exitCode()).as(nowhere.tail()).isNotZero();
        assertThat(nowhere.output()).contains("no result could be written");
    }

    /**
     * The student's repository {@value #REPOSITORY} under {@code parent}: the template with the
     * buggy variant's queue classes, and Classroom 50's workflow, in one commit.
     */
    private static Path studentRepository(Path parent) throws Exception {
        Path checkout = Files.createDirectories(parent).resolve(REPOSITORY);
        PathUtils.copyDirectory(template, checkout);
        Path submission = GradingRun.overlay(variant(), Files.createDirectories(parent.resolve("variant")));
        Path from = submission.resolve("src/main/java").resolve(PACKAGE_DIR);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.copy(file, checkout.resolve("exercises/src/main/java").resolve(PACKAGE_DIR).resolve(file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(Files.createDirectories(checkout.resolve(".github/workflows")).resolve("autograde.yaml"),
                "name: Classroom50 Autograde\non: push\njobs:\n  grade:\n    uses: cs-org/classroom50/.github/workflows/"
                        + "autograde-runner.yaml@main\n");
        git(checkout, "init", "-q");
        git(checkout, "add", "-A");
        git(checkout, "-c", "user.name=Alice", "-c", "user.email=alice@example.org", "commit", "-q", "-m", "my queue");
        return checkout;
    }

    /** The environment Classroom 50's runner gives {@code autograder.py}, for {@value #REPOSITORY}. */
    private static Map<String, String> environment(Path output) {
        Map<String, String> env = new HashMap<>(Classroom50Contract.runnerEnvironment("cs-org", "cs-concurrency", "queue",
                "alice"));
        env.put("GITHUB_OUTPUT", output.toString());
        String localRepository = System.getProperty("maven.repo.local");
        if (localRepository != null && !localRepository.isBlank()) {
            env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + localRepository);
        }
        return env;
    }

    private static CommandRun autograder(Path checkout, Path output, Map<String, String> extra) throws Exception {
        Map<String, String> env = environment(output);
        env.putAll(extra);
        return CommandRun.run(List.of("python3", bundle.resolve("autograder.py").toString()), checkout, env, work);
    }

    /** The criteria of the bundle's rubric with their points, in rubric order. */
    private static Map<String, Integer> criteriaPoints() throws IOException {
        Map<String, Integer> points = new java.util.LinkedHashMap<>();
        JSON.readTree(bundle.resolve("criteria.json").toFile()).get("criteria")
                .forEach(c -> points.put(c.get("id").asText(), c.get("points").asInt()));
        return points;
    }

    private static Path variant() {
        return GradingRun.repoRoot().resolve("grader/src/test/submissions/queue").resolve(VARIANT);
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        CommandRun run = CommandRun.run(command, dir, Map.of("GIT_COMMITTER_DATE", COMMITTED, "GIT_AUTHOR_DATE", COMMITTED),
                work);
        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
