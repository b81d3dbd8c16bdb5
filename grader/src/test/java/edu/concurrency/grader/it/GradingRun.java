package edu.concurrency.grader.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the packaged grader ({@code java -jar concurrency-grader.jar grade ...}) as a student or
 * CI would, and reads its {@code report.json}.
 *
 * @param report   the report written
 * @param exitCode the grader's exit code
 * @param console  what the grader printed
 * @param seconds  wall time of the run
 */
record GradingRun(Report report, int exitCode, String console, double seconds) {

    /** The repository root (system property {@code repo.root}, set by the build). */
    static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    /** The packaged grader (system property {@code grader.jar}, set by the build). */
    static Path graderJar() {
        return Path.of(System.getProperty("grader.jar", "target/concurrency-grader.jar")).toAbsolutePath();
    }

    /** Grades {@code submission} with the packaged grader and extra arguments. */
    static GradingRun grade(Path submission, Path reportDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", graderJar().toString(), "grade", submission.toString(),
                "--report-dir", reportDir.toString()));
        command.addAll(List.of(args));
        Path console = Files.createTempFile("grader-console", ".txt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the grader did not finish within 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String text = Files.readString(console, StandardCharsets.UTF_8);
        Files.delete(console);
        return new GradingRun(ReportWriter.read(reportDir.resolve("report.json")), process.exitValue(), text, seconds);
    }

    /**
     * A submission made of the reference solution with a buggy variant's files laid over it.
     *
     * @return the submission directory (a module laid out like {@code exercises/})
     */
    static Path overlay(Path variant, Path into) throws IOException {
        Path solution = repoRoot().resolve("solutions");
        copyTree(solution.resolve("src"), into.resolve("src"));
        copyTree(variant.resolve("src"), into.resolve("src"));
        return into;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * What a buggy variant's {@code expected.yaml} says.
     *
     * @param bug     what the student did
     * @param hazard  the hazard its feedback should name
     * @param loses   criteria that must fail
     * @param mayLose criteria that may fail too (coupled to the bug)
     */
    record Expected(String bug, String hazard, Set<String> loses, Set<String> mayLose) {
        Expected {
            mayLose = mayLose == null ? Set.of() : Set.copyOf(mayLose);
            loses = Set.copyOf(loses);
        }

        static Expected read(Path variant) throws IOException {
            return new ObjectMapper(new YAMLFactory()).readValue(variant.resolve("expected.yaml").toFile(), Expected.class);
        }
    }
}
