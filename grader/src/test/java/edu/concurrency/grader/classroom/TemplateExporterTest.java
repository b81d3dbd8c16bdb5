package edu.concurrency.grader.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Rubric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports a small course repository laid out like the real one (two exercises, a hidden
 * criterion with its own suite and probe, solutions, tests, test submissions, CI) and checks what
 * the template holds and what it must not.
 */
class TemplateExporterTest {
    private static final String SECRET = "Fairness under heavy contention";

    @TempDir
    Path dir;
    Path repo;

    @BeforeEach
    void courseRepository() throws Exception {
        repo = dir.resolve("course");
        write("pom.xml", "<project>root</project>\n");
        write("README.md", "# the project's README\n");
        write(".ci/run", "mvn verify\n");
        write(".github/workflows/ci.yml", "name: CI\n");
        write("exercises/pom.xml", "<project>exercises</project>\n");
        write("exercises/src/main/java/edu/concurrency/demo/package-info.java", """
                /**
                 * The demo exercise: a <b>counter</b> shared by threads.
                 * <p>Second paragraph, with {@code code}.
                 */
                package edu.concurrency.demo;
                """);
        write("exercises/src/main/java/edu/concurrency/demo/Counter.java", """
                package edu.concurrency.demo;

                /**
                 * A thread-safe counter.
                 * <ul><li>never loses an increment</li><li>never blocks a reader</li></ul>
                 */
                public final class Counter {
                    /**
                     * Adds one.
                     *
                     * @return the new value
                     * @throws IllegalStateException at {@link Integer#MAX_VALUE}
                     */
                    public int increment() {
                        throw new UnsupportedOperationException("TODO");
                    }

                    private int secretHelper() {
                        return 0;
                    }
                }
                """);
        write("exercises/src/main/java/edu/concurrency/demo/Limit.java", """
                package edu.concurrency.demo;

                /** Provided by the course: the largest count. */
                public final class Limit {
                    /** The limit. */
                    public static final int MAX = 10;

                    private Limit() {
                    }
                }
                """);
        write("exercises/src/main/java/edu/concurrency/other/Other.java", "package edu.concurrency.other;\npublic class Other {}\n");
        write("solutions/pom.xml", "<project>solutions</project>\n");
        write("solutions/src/main/java/edu/concurrency/demo/Counter.java", "// the reference solution\n");
        write("jcstress-tests/pom.xml", "<project>jcstress-tests</project>\n");
        write("jcstress-tests/src/main/java/edu/concurrency/probes/demo/IncrementProbe.java", "class IncrementProbe {}\n");
        write("jcstress-tests/src/main/java/edu/concurrency/probes/demo/SecretProbe.java", "class SecretProbe {}\n");
        write("jcstress-tests/src/main/java/edu/concurrency/probes/other/OtherProbe.java", "class OtherProbe {}\n");
        write("grader/pom.xml", "<project>grader</project>\n");
        write("grader/src/main/java/edu/concurrency/grader/cli/Main.java", "class Main {}\n");
        write("grader/src/main/java/edu/concurrency/grader/suites/support/Helpers.java", "class Helpers {}\n");
        write("grader/src/main/java/edu/concurrency/grader/suites/demo/CounterSuite.java", "class CounterSuite {}\n");
        write("grader/src/main/java/edu/concurrency/grader/suites/demo/FairnessSuite.java", "class FairnessSuite {}\n");
        write("grader/src/main/java/edu/concurrency/grader/suites/demo/stages/Stage1.java", "class Stage1 {}\n");
        write("grader/src/main/java/edu/concurrency/grader/suites/other/OtherSuite.java", "class OtherSuite {}\n");
        write("grader/src/main/java/edu/concurrency/grader/suites/wip/WipSuite.java", "class WipSuite {}\n");
        write("grader/src/main/resources/templates/report.md.mustache", "# report\n");
        write("grader/src/test/java/edu/concurrency/grader/SomeTest.java", "class SomeTest {}\n");
        write("grader/src/test/submissions/demo/lost-update/src/main/java/edu/concurrency/demo/Counter.java", "// buggy\n");
        write("grader/target/concurrency-grader.jar", "jar");
        write("grader/src/main/resources/rubric/demo.yaml", """
                # The demo exercise (providedClasses is an older rubric's field, still accepted).
                order: 1
                exercises:
                  - id: demo
                    title: Demo counter
                    package: edu.concurrency.demo
                    studentClasses: [Counter]
                    providedClasses: [Limit]
                    criteria:
                      - id: demo.basic
                        title: "Counter: counts | exactly"
                        kind: correctness
                        points: 6
                        tests: [edu.concurrency.grader.suites.demo.CounterSuite]
                      - id: demo.race
                        title: "Race probe: increments are atomic"
                        kind: race
                        points: 3
                        probes: [edu.concurrency.probes.demo.IncrementProbe]
                      - id: demo.fairness
                        title: "%s"
                        kind: correctness
                        points: 2
                        hidden: true
                        timeoutSeconds: 120
                        tests: [edu.concurrency.grader.suites.demo.FairnessSuite]
                      - id: demo.secret-race
                        title: "Hidden probe"
                        kind: race
                        points: 1
                        hidden: true
                        probes: [edu.concurrency.probes.demo.SecretProbe]
                      - id: demo.arch
                        title: "Counter uses no locks"
                        kind: architecture
                        points: 1
                        requires: [demo.basic, demo.fairness]
                        tests: ["edu.concurrency.grader.suites.demo.CounterSuite#noLocks"]
                """.formatted(SECRET));
        write("grader/src/main/resources/rubric/other.yaml", """
                order: 2
                exercises:
                  - id: other
                    title: Other exercise
                    package: edu.concurrency.other
                    studentClasses: [Other]
                    criteria:
                      - id: other.basic
                        title: Other
                        kind: correctness
                        points: 5
                        tests: [edu.concurrency.grader.suites.other.OtherSuite]
                """);
        write("grader/src/main/resources/rubric/README.md", "# The rubric: fields documented here.\n");
    }

    private void write(String path, String text) throws Exception {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private TemplateExporter.Result export(Path out, Path gradescope) throws Exception {
        return new TemplateExporter().export(new TemplateExporter.Request(repo, null, List.of("demo"), out, gradescope,
                new TemplateSettings(17, 1.5, 30), false));
    }

    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    @Test
    @DisplayName("the template holds the stubs, the grader and probes as sources, README, workflow and manifest, and nothing else")
    void templateHoldsWhatMavenVerifyNeedsAndNoMore() throws Exception {
        Path out = dir.resolve("template");
        TemplateExporter.Result result = export(out, null);
        assertThat(files(out)).containsExactlyInAnyOrder(
                ".github/workflows/classroom.yml", ".gitignore", ".grader/manifest.json", "README.md", "pom.xml",
                ".grader/api/pom.xml",
                ".grader/api/src/main/java/edu/concurrency/demo/package-info.java",
                ".grader/api/src/main/java/edu/concurrency/demo/Counter.java",
                ".grader/api/src/main/java/edu/concurrency/demo/Limit.java",
                "exercises/pom.xml",
                "exercises/src/main/java/edu/concurrency/demo/package-info.java",
                "exercises/src/main/java/edu/concurrency/demo/Counter.java",
                "exercises/src/main/java/edu/concurrency/demo/Limit.java",
                "jcstress-tests/pom.xml",
                "jcstress-tests/src/main/java/edu/concurrency/probes/demo/IncrementProbe.java",
                "grader/pom.xml",
                "grader/src/main/java/edu/concurrency/grader/cli/Main.java",
                "grader/src/main/java/edu/concurrency/grader/suites/support/Helpers.java",
                "grader/src/main/java/edu/concurrency/grader/suites/demo/CounterSuite.java",
                "grader/src/main/java/edu/concurrency/grader/suites/demo/stages/Stage1.java",
                "grader/src/main/resources/templates/report.md.mustache",
                "grader/src/main/resources/rubric/README.md",
                "grader/src/main/resources/rubric/demo.yaml");
        assertThat(result.exercises()).containsExactly("demo");
        assertThat(result.maxScore()).isEqualTo(10);
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("demo.arch requires a hidden criterion"));
        assertThat(result.fingerprint()).hasSize(64);
    }

    @Test
    @DisplayName("nothing in the template reveals a hidden criterion; its rubric reads back with the visible criteria only")
    void hiddenCriteriaLeaveNoTrace() throws Exception {
        Path out = dir.resolve("template");
        export(out, null);
        for (String file : files(out)) {
            assertThat(Files.readString(out.resolve(file))).as(file)
                    .doesNotContain(SECRET).doesNotContain("demo.fairness").doesNotContain("FairnessSuite")
                    .doesNotContain("SecretProbe").doesNotContain("reference solution").doesNotContain("buggy");
        }
        Rubric rubric = Rubric.load(out.resolve("grader/src/main/resources/rubric"));
        assertThat(rubric.exercises()).hasSize(1);
        assertThat(rubric.exercises().get(0).criteria()).extracting(Criterion::id)
                .containsExactly("demo.basic", "demo.race", "demo.arch");
        assertThat(rubric.exercises().get(0).criteria().get(2).requires()).containsExactly("demo.basic");
        assertThat(Files.readString(out.resolve("grader/src/main/resources/rubric/demo.yaml")))
                .startsWith("# The rubric of this assignment").contains("order: 1").doesNotContain("providedClasses");
        assertThat(Files.readString(out.resolve("grader/src/main/resources/rubric/README.md")))
                .contains("# The rubric: fields documented here.");
    }

    @Test
    @DisplayName("classroom.yml parses as YAML and has the names, triggers, actions and the one grading step Classroom needs")
    void workflowHasTheShapeClassroomExpects() throws Exception {
        Path out = dir.resolve("template");
        export(out, null);
        JsonNode workflow = new ObjectMapper(new YAMLFactory()).readTree(out.resolve(".github/workflows/classroom.yml").toFile());
        assertThat(workflow.get("name").asText()).isEqualTo("Autograding Tests");
        List<String> triggers = new ArrayList<>();
        workflow.get("on").fieldNames().forEachRemaining(triggers::add);
        assertThat(triggers).contains("push", "repository_dispatch", "workflow_dispatch");
        List<String> jobs = new ArrayList<>();
        workflow.get("jobs").fieldNames().forEachRemaining(jobs::add);
        assertThat(jobs).containsExactly("run-autograding-tests");
        JsonNode steps = workflow.get("jobs").get("run-autograding-tests").get("steps");
        List<String> uses = new ArrayList<>();
        List<JsonNode> grading = new ArrayList<>();
        JsonNode reporter = null;
        for (JsonNode step : steps) {
            if (step.has("uses")) {
                uses.add(step.get("uses").asText());
                if (step.get("uses").asText().startsWith("classroom-resources/autograding-grading-reporter@")) {
                    reporter = step;
                }
            }
            if (step.has("run") && step.get("run").asText().contains(" grade ")) {
                grading.add(step);
            }
        }
        assertThat(uses).anyMatch(u -> u.startsWith("actions/checkout@")).anyMatch(u -> u.startsWith("actions/setup-java@"));
        assertThat(grading).as("one step runs the grader").hasSize(1);
        String id = grading.get(0).get("id").asText();
        assertThat(id).matches("[A-Za-z0-9]+");
        assertThat(grading.get(0).get("run").asText()).contains("--format classroom");
        assertThat(reporter).isNotNull();
        assertThat(reporter.get("uses").asText()).isEqualTo("classroom-resources/autograding-grading-reporter@v1");
        assertThat(reporter.get("with").get("runners").asText()).isEqualTo(id);
        assertThat(reporter.get("env").get(id.toUpperCase() + "_RESULTS").asText())
                .isEqualTo("${{ steps." + id + ".outputs.result }}");
        assertThat(workflow.get("jobs").get("run-autograding-tests").get("env").get("GRADER_TIMEOUT_FACTOR").asText())
                .isEqualTo("1.5");
    }

    @Test
    @DisplayName("the README is the handout: package and class Javadoc as Markdown, the public API, the criteria, the protected files")
    void readmeIsTheHandout() throws Exception {
        Path out = dir.resolve("template");
        export(out, null);
        String readme = Files.readString(out.resolve("README.md"));
        assertThat(readme).startsWith("# Demo counter")
                .contains("**10 points** in total")
                .contains("The demo exercise: a **counter** shared by threads.\n\nSecond paragraph, with `code`.")
                .contains("#### `Counter`")
                .contains("```java\npublic final class Counter\n```")
                .contains("A thread-safe counter.")
                .contains("- never loses an increment\n- never blocks a reader")
                .contains("**`public int increment()`**")
                .contains("- Returns: the new value")
                .contains("- Throws `IllegalStateException`: at `Integer.MAX_VALUE`")
                .doesNotContain("secretHelper")
                .contains("### Provided by the course")
                .contains("**`public static final int MAX = 10`**")
                .contains("| `demo.basic` Counter: counts \\| exactly | correctness | 6 |")
                .contains("| `demo.race` Race probe: increments are atomic | race | 3 |")
                .contains("## Protected files")
                .contains("- `grader/`")
                .contains("cannot prove that a score is genuine")
                .doesNotContain("other.basic");
    }

    @Test
    @DisplayName("an edited protected file of the template shows up in the tamper check")
    void editedProtectedFileIsReported() throws Exception {
        Path out = dir.resolve("template");
        export(out, null);
        assertThat(Integrity.check(out.resolve("exercises"), null).intact()).isTrue();
        Files.writeString(out.resolve("exercises/src/main/java/edu/concurrency/demo/Counter.java"), "// the student's work\n");
        assertThat(Integrity.check(out.resolve("exercises"), null).intact()).isTrue();
        Files.writeString(out.resolve("grader/src/main/java/edu/concurrency/grader/suites/demo/CounterSuite.java"), "// gutted\n");
        Integrity integrity = Integrity.check(out.resolve("exercises"), null);
        assertThat(integrity.changed()).containsExactly("grader/src/main/java/edu/concurrency/grader/suites/demo/CounterSuite.java");
    }

    @Test
    @DisplayName("--gradescope writes setup.sh and run_autograder (executable) and the grader with the hidden criteria, outside the template")
    void gradescopeAutograder() throws Exception {
        Path out = dir.resolve("template");
        Path gradescope = dir.resolve("template-gradescope");
        TemplateExporter.Result result = export(out, gradescope);
        assertThat(result.gradescope()).isEqualTo(gradescope);
        assertThat(files(gradescope)).contains("setup.sh", "run_autograder", "README.md", "pom.xml",
                "exercises/src/main/java/edu/concurrency/demo/Counter.java",
                "grader/src/main/java/edu/concurrency/grader/suites/demo/FairnessSuite.java",
                "jcstress-tests/src/main/java/edu/concurrency/probes/demo/SecretProbe.java")
                .noneMatch(f -> f.startsWith("solutions/") || f.contains("/src/test/") || f.contains("other"));
        assertThat(Files.isExecutable(gradescope.resolve("run_autograder"))).isTrue();
        assertThat(Files.isExecutable(gradescope.resolve("setup.sh"))).isTrue();
        assertThat(Files.readString(gradescope.resolve("setup.sh"))).contains("openjdk-17-jdk-headless")
                .contains("mvn -B -ntp -q -DskipTests package");
        assertThat(Files.readString(gradescope.resolve("run_autograder")))
                .contains("--format gradescope").contains("/autograder/submission").contains("/autograder/results")
                .contains("GRADER_TIMEOUT_FACTOR:-1.5}");
        assertThat(Rubric.load(gradescope.resolve("grader/src/main/resources/rubric")).exercises().get(0).criteria())
                .filteredOn(Criterion::hidden).extracting(Criterion::id).containsExactly("demo.fairness", "demo.secret-race");
        assertThatThrownBy(() -> export(dir.resolve("t2"), dir.resolve("t2/gradescope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the student template");
    }

    @Test
    @DisplayName("--classroom50 writes autograder.py, the grader with the hidden criteria, the manifest, runtime.json,"
            + " criteria.json and the teacher's README, outside the template; the template allows Classroom 50's workflow")
    void classroom50Bundle() throws Exception {
        Path out = dir.resolve("template");
        Path bundle = dir.resolve("template-classroom50");
        TemplateExporter.Result result = new TemplateExporter().export(new TemplateExporter.Request(repo, null,
                List.of("demo"), out, null, new TemplateSettings(21, 1.5, 30), false, bundle));
        assertThat(result.classroom50()).isEqualTo(bundle);
        assertThat(files(bundle)).contains("autograder.py", "README.md", "manifest.json", "runtime.json", "criteria.json",
                "pom.xml", "exercises/pom.xml", "exercises/src/main/java/edu/concurrency/demo/Counter.java",
                "grader/src/main/java/edu/concurrency/grader/suites/demo/FairnessSuite.java",
                "jcstress-tests/src/main/java/edu/concurrency/probes/demo/SecretProbe.java")
                .noneMatch(f -> f.startsWith("solutions/") || f.contains("/src/test/") || f.contains("other"));
        assertThat(Files.readAllBytes(bundle.resolve("manifest.json")))
                .isEqualTo(Files.readAllBytes(out.resolve(TamperManifest.LOCATION)));
        assertThat(TamperManifest.read(bundle.resolve("manifest.json")).platformFiles())
                .containsExactly(TamperManifest.CLASSROOM50_SHIM);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(bundle.resolve("runtime.json").toFile()).toString()).isEqualTo("{\"java\":\"21\"}");
        JsonNode criteria = json.readTree(bundle.resolve("criteria.json").toFile()).get("criteria");
        List<String> ids = new ArrayList<>();
        int points = 0;
        for (JsonNode c : criteria) {
            ids.add(c.get("id").asText());
            points += c.get("points").asInt();
            assertThat(c.get("title").asText()).isNotBlank();
        }
        assertThat(ids).contains("demo.basic", "demo.fairness", "demo.secret-race");
        assertThat(points).isEqualTo(Rubric.load(bundle.resolve("grader/src/main/resources/rubric")).exercises()
                .stream().mapToInt(e -> e.maxPoints()).sum());
        String autograder = Files.readString(bundle.resolve("autograder.py"));
        assertThat(autograder).startsWith("#!/usr/bin/env python3\n").contains("\"--format\", \"classroom50\"")
                .contains("\"--manifest\", str(MANIFEST)").contains("BUDGET_SECONDS = 12 * 60")
                .contains("or \"1.5\")").doesNotContain("<%").doesNotContain("{{");
        assertThat(Files.isExecutable(bundle.resolve("autograder.py"))).isTrue();
        assertThat(Files.readString(bundle.resolve("README.md")))
                .contains("CLASSROOM/autograders/ASSIGNMENT/")
                .contains("gh teacher assignment add ORG CLASSROOM ASSIGNMENT --name \"Demo counter\"")
                .contains("--template ORG/TEMPLATE-REPOSITORY --runtime runtime.json")
                .contains("**The bundle is public.**").contains("## What students see");
        assertThat(Files.readString(out.resolve("README.md"))).contains("On Classroom 50")
                .contains(TamperManifest.CLASSROOM50_SHIM);
        Files.createDirectories(out.resolve(".github/workflows"));
        Files.writeString(out.resolve(TamperManifest.CLASSROOM50_SHIM), "name: Classroom50 Autograde\n");
        assertThat(Integrity.check(out, bundle.resolve("manifest.json")).intact()).isTrue();
        assertThatThrownBy(() -> new TemplateExporter().export(new TemplateExporter.Request(repo, null, List.of("demo"),
                dir.resolve("t2"), null, new TemplateSettings(17, 1, 30), false, dir.resolve("t2/c50"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the student template");
    }

    @Test
    @DisplayName("a template without --classroom50 says nothing of Classroom 50 and reports its workflow as added")
    void withoutClassroom50() throws Exception {
        Path out = dir.resolve("template");
        export(out, null);
        assertThat(Files.readString(out.resolve("README.md"))).doesNotContain("Classroom 50");
        assertThat(TamperManifest.read(out.resolve(TamperManifest.LOCATION)).platformFiles()).isEmpty();
        assertThat(Files.readString(out.resolve(TamperManifest.LOCATION))).doesNotContain("platformFiles");
        Files.createDirectories(out.resolve(".github/workflows"));
        Files.writeString(out.resolve(TamperManifest.CLASSROOM50_SHIM), "name: Autograding Tests\n");
        assertThat(Integrity.check(out, null).added()).containsExactly(TamperManifest.CLASSROOM50_SHIM);
    }

    @Test
    @DisplayName("a non-empty target is refused; --force replaces its content and keeps .git")
    void nonEmptyTarget() throws Exception {
        Path out = dir.resolve("template");
        Files.createDirectories(out.resolve(".git"));
        Files.writeString(out.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        export(out, null);
        assertThatThrownBy(() -> export(out, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--force");
        Files.writeString(out.resolve("stale.txt"), "old");
        new TemplateExporter().export(new TemplateExporter.Request(repo, null, List.of("demo"), out, null,
                new TemplateSettings(17, 1, 30), true));
        assertThat(out.resolve("stale.txt")).doesNotExist();
        assertThat(out.resolve(".git/HEAD")).exists();
        assertThat(out.resolve("README.md")).exists();
    }
}
