package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.classroom.ClassroomResult;
import edu.concurrency.grader.classroom.TamperManifest;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.rubric.Rubric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * The student template, end to end: {@code export-template --only queue} with the packaged grader
 * into a temporary directory, then {@code mvn -B verify} there as a student would run it (offline
 * when the local repository already holds every plugin): on the stubs it fails with a score of 0
 * and reports an edited protected file; with the reference solutions copied in, it passes with
 * full marks and the protected files intact. After the stub run, the grader that build made writes
 * the Classroom and Gradescope results as the workflow's grading step does; the Classroom result is
 * decoded and checked. The stubs run first (the template is exported with them); the reference
 * solution's files of the exercise are then copied over them.
 */
@TestMethodOrder(OrderAnnotation.class)
@Tag("slow")
@Tag("template")
class TemplateExportIT {
    private static final String EXERCISE = "queue";
    private static final String PACKAGE_DIR = "edu/concurrency/queue";
    /** A protected file whose edit changes nothing in the build. */
    private static final String TAMPERED = "grader/src/main/java/edu/concurrency/grader/cli/GraderMain.java";

    @TempDir
    static Path work;
    static Path template;
    static String pristine;

    @BeforeAll
    static void exportTemplate() throws Exception {
        template = work.resolve("template");
        CommandRun export = run(List.of(java(), "-jar", GradingRun.graderJar().toString(), "export-template", template.toString(),
                "--repo", GradingRun.repoRoot().toString(), "--only", EXERCISE), work, Map.of());
        assertThat(export.exitCode()).as(export.output()).isZero();
        assertThat(template.resolve("solutions")).doesNotExist();
        assertThat(template.resolve("grader/src/test")).doesNotExist();
        assertThat(template.resolve(TamperManifest.LOCATION)).exists();
        pristine = Files.readString(template.resolve(TAMPERED));
        System.out.printf("exported the template in %.1f s:%n%s%n", export.seconds(), export.output());
    }

    @Test
    @Order(1)
    @DisplayName("on the stubs, mvn verify fails with a score of 0, and an edited protected file is in the tamper report")
    void stubsFailWithZeroAndTamperingIsReported() throws Exception {
        Files.writeString(template.resolve(TAMPERED), pristine + "// edited by a student\n");

        CommandRun build = mavenVerify();
        Report report = ReportWriter.read(template.resolve("grading-report/report.json"));
        assertThat(build.exitCode()).as(build.tail()).isNotZero();
        assertThat(build.output()).contains("BUILD FAILURE").contains("Score: 0 / ");
        assertThat(report.maxScore()).isPositive();
        assertThat(report.score()).isZero();
        assertThat(report.criteria()).isNotEmpty().allSatisfy(c -> assertThat(c.points()).as(c.id()).isZero());
        assertThat(report.notes()).anySatisfy(n -> assertThat(n).startsWith("Integrity: 1 protected file differs")
                .contains("changed: " + TAMPERED));
        assertThat(Files.readString(template.resolve("grading-report/report.md"))).contains("changed: " + TAMPERED);

        // what the Classroom workflow's grading step writes, with the grader the build made (on two
        // criteria only, to keep this quick: the formats are the point here, not the verdicts)
        Path output = work.resolve("github-output");
        Path summary = work.resolve("step-summary");
        Path rubric = twoCriteria(work.resolve("two-criteria.yaml"));
        CommandRun classroom = run(List.of(java(), "-jar", template.resolve("grader/target/concurrency-grader.jar").toString(),
                        "grade", "exercises", "--rubric", rubric.toString(), "--format", "classroom,gradescope",
                        "--min-score", "0", "--report-dir", work.resolve("classroom-report").toString()), template,
                Map.of("GITHUB_OUTPUT", output.toString(), "GITHUB_STEP_SUMMARY", summary.toString()));
        assertThat(classroom.exitCode()).as(classroom.output()).isZero();
        String line = Files.readAllLines(output).stream().filter(l -> l.startsWith("result=")).findFirst().orElseThrow();
        ClassroomResult result = ClassroomResult.decode(line.substring("result=".length()));
        assertThat(result.version()).isEqualTo(1);
        assertThat(result.status()).isEqualTo("fail");
        List<Criterion> two = twoCriteria();
        assertThat(result.maxScore()).isEqualTo(two.get(0).points() + two.get(1).points());
        assertThat(result.tests()).hasSize(3);
        assertThat(result.tests().get(0).name()).startsWith(two.get(0).id() + ": ");
        assertThat(result.tests().get(0).status()).isEqualTo("fail");
        assertThat(result.tests().stream().mapToInt(ClassroomResult.Test::score).sum()).isZero();
        ClassroomResult.Test integrity = result.tests().get(result.tests().size() - 1);
        assertThat(integrity.name()).isEqualTo("integrity");
        assertThat(integrity.status()).isEqualTo("fail");
        assertThat(integrity.message()).contains(TAMPERED);
        assertThat(line.length()).isLessThan(100_000);
        assertThat(Files.readString(summary)).contains("# Grading report: 0 / ").contains(TAMPERED);
        assertThat(work.resolve("classroom-report/results.json")).exists();
        System.out.printf("stubs: mvn verify %.1f s, Classroom grading %.1f s%n", build.seconds(), classroom.seconds());
    }

    @Test
    @Order(2)
    @DisplayName("with the reference solutions copied in, mvn verify passes with full marks and the protected files intact")
    void referenceSolutionsPassWithFullMarks() throws Exception {
        Path solution = GradingRun.repoRoot().resolve("solutions/src/main/java").resolve(PACKAGE_DIR);
        try (Stream<Path> files = Files.list(solution)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.copy(file, template.resolve("exercises/src/main/java").resolve(PACKAGE_DIR).resolve(file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(template.resolve(TAMPERED), pristine);

        CommandRun build = mavenVerify();
        Report report = ReportWriter.read(template.resolve("grading-report/report.json"));
        String story = report.criteria().stream().filter(c -> c.status() != Status.PASSED)
                .map(c -> c.id() + " " + c.status().label() + ": " + c.feedback()).collect(Collectors.joining("\n"));
        assertThat(report.criteria()).as(story).isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).as(c.id()).isIn(Status.PASSED, Status.SKIPPED));
        assertThat(report.score()).isEqualTo(report.maxScore()).isPositive();
        assertThat(report.criteria()).extracting(CriterionResult::exercise).containsOnly(EXERCISE);
        assertThat(report.notes()).anySatisfy(n -> assertThat(n).startsWith("Integrity: all"));
        assertThat(build.exitCode()).as(build.tail()).isZero();
        assertThat(build.output()).contains("BUILD SUCCESS");
        System.out.printf("reference solutions: mvn verify %.1f s; phases %s%n", build.seconds(), report.phases());
    }

    /** The template's exercise with its first two correctness criteria. */
    private static List<Criterion> twoCriteria() throws IOException {
        return Rubric.load(template.resolve("grader/src/main/resources/rubric")).exercises().get(0).criteria().stream()
                .filter(c -> c.kind() == Kind.CORRECTNESS).limit(2).toList();
    }

    /** A rubric file with {@link #twoCriteria()}. */
    private static Path twoCriteria(Path file) throws IOException {
        Exercise e = Rubric.load(template.resolve("grader/src/main/resources/rubric")).exercises().get(0);
        StringBuilder yaml = new StringBuilder("exercises:\n  - id: " + e.id() + "\n    package: " + e.packageName()
                + "\n    studentClasses: " + e.studentClasses() + "\n    criteria:\n");
        for (Criterion c : twoCriteria()) {
            yaml.append("      - {id: ").append(c.id()).append(", kind: ").append(c.kind().label()).append(", points: ")
                    .append(c.points()).append(", tests: ").append(c.tests()).append("}\n");
        }
        return Files.writeString(file, yaml.toString());
    }

    /** {@code mvn -B verify} in the template: offline first, online when a plugin is missing locally. */
    private static CommandRun mavenVerify() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-o", "verify"));
        String localRepo = System.getProperty("maven.repo.local");
        if (localRepo != null && !localRepo.isBlank()) {
            command.add("-Dmaven.repo.local=" + localRepo);
        }
        CommandRun offline = run(command, template, Map.of());
        if (offline.exitCode() == 0 || !offline.output().contains("offline mode")) {
            return offline;
        }
        command.remove("-o");
        System.out.println("the local repository lacks a plugin or dependency of the template's build; running online");
        return run(command, template, Map.of());
    }

    private static String java() {
        return CommandRun.java();
    }

    private static CommandRun run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        return CommandRun.run(command, dir, env, work);
    }
}
