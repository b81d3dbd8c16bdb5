package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import edu.concurrency.grader.batch.ClassOutputs;
import edu.concurrency.grader.batch.Fingerprints;
import edu.concurrency.grader.batch.Gradebook;
import edu.concurrency.grader.batch.Shard;
import edu.concurrency.grader.batch.Stamp;
import edu.concurrency.grader.gradebook.ClassSummary;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import edu.concurrency.grader.report.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch} end to end with the packaged grader, on a class of 8 submissions of the queue
 * exercise (the reference, the stubs, three buggy variants, one that does not compile, one hostile,
 * one without Java files) and a roster with one student more: a batch with {@code --jobs 2} is
 * killed with SIGKILL once two submissions are graded, leaves nothing running, and a re-run keeps
 * those two without grading them again and grades the rest; every row is checked against what the
 * submission is known to lose (its {@code expected.yaml}). Then the shard steps of the workflow of
 * {@code export-regrade-workflow} run here, on the same class in the other download layout, and
 * their outputs, merged by the workflow's merge steps, give the gradebook of the single run. The
 * shards start from the single run's reports (as a re-run does) and grade nothing again: what they
 * prove is the split, the layout and the merge, not a second grading (which would double the time).
 */
@Tag("slow")
@Tag("batch")
class BatchGradingIT {
    private static final Path SUBMISSIONS = GradingRun.repoRoot().resolve("grader/src/test/submissions");
    private static final String DOWNLOAD = "os-2026-queue_submissions_2026-12-07T04-00-00";
    private static final String DOWNLOAD_PREFIX = "os-2026-queue-";
    private static final String CLONE = "queue-submissions";
    private static final String CLONE_PREFIX = "queue-";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What grading a student's submission must show: criteria it must lose, may lose; null for "every criterion". */
    private record Expectation(Set<String> loses, Set<String> mayLose, SubmissionStatus status) {
    }

    @Test
    void aClassIsGradedKilledResumedShardedAndMerged(@TempDir Path tmp) throws Exception {
        Map<String, Expectation> expected = new LinkedHashMap<>();
        Path classA = Files.createDirectories(tmp.resolve(DOWNLOAD));
        Map<String, Path> made = new LinkedHashMap<>();
        made.put("alice", copy(GradingRun.repoRoot().resolve("solutions/src"), classA.resolve(DOWNLOAD_PREFIX + "alice/src")));
        expected.put("alice", new Expectation(Set.of(), Set.of(), SubmissionStatus.GRADED));
        made.put("bob", copy(GradingRun.repoRoot().resolve("exercises/src"), classA.resolve(DOWNLOAD_PREFIX + "bob/src")));
        expected.put("bob", new Expectation(null, Set.of(), SubmissionStatus.GRADED));
        int i = 0;
        for (String variant : List.of("delegates-to-abq", "pc-leaks-threads", "sleep-polling")) {
            String student = List.of("carol", "dave", "erin").get(i++);
            Path dir = GradingRun.overlay(SUBMISSIONS.resolve("queue").resolve(variant), classA.resolve(DOWNLOAD_PREFIX + student));
            made.put(student, dir);
            GradingRun.Expected e = GradingRun.Expected.read(SUBMISSIONS.resolve("queue").resolve(variant));
            expected.put(student, new Expectation(e.loses(), e.mayLose(), SubmissionStatus.GRADED));
        }
        Path frank = GradingRun.overlay(SUBMISSIONS.resolve("queue/pc-leaks-threads"), classA.resolve(DOWNLOAD_PREFIX + "frank"));
        Path buffer = frank.resolve("src/main/java/edu/concurrency/queue/BoundedBuffer.java");
        Files.writeString(buffer, "\nthis line is not Java\n", java.nio.file.StandardOpenOption.APPEND);
        expected.put("frank", new Expectation(null, Set.of(), SubmissionStatus.COMPILE_ERROR));
        Path hostile = SUBMISSIONS.resolve("hostile/19-queue-fake-report-output");
        GradingRun.overlay(hostile, classA.resolve(DOWNLOAD_PREFIX + "gina"));
        HostileSubmissionsIT.HostileCase h = HostileSubmissionsIT.HostileCase.read(hostile);
        expected.put("gina", new Expectation(h.loses(), h.mayLose(), SubmissionStatus.GRADED));
        Files.writeString(Files.createDirectories(classA.resolve(DOWNLOAD_PREFIX + "hank")).resolve("README.md"), "nothing yet\n");
        expected.put("hank", new Expectation(null, Set.of(), SubmissionStatus.NO_SUBMISSION));
        expected.put("ghost", new Expectation(null, Set.of(), SubmissionStatus.MISSING));
        git(made.get("alice"));
        Files.writeString(classA.resolve("scores.csv"), "username,first_name,last_name,email,section,score,max_score,datetime,"
                + "submission_tag\nalice,Alice,Archer,alice@uni.edu,A,100,100,2026-12-01T09:00:00Z,\n"
                + "bob,Bob,\"Baker, Jr.\",bob@uni.edu,B,0,100,,\n");
        Path classB = Files.createDirectories(tmp.resolve(CLONE));
        try (Stream<Path> folders = Files.list(classA)) {
            for (Path f : folders.filter(Files::isDirectory).toList()) {
                copyTree(f, classB.resolve(CLONE_PREFIX + f.getFileName().toString().substring(DOWNLOAD_PREFIX.length())));
            }
        }
        Path roster = Files.writeString(tmp.resolve("roster.csv"), "identifier,github_username,github_id,name,email\n"
                + expected.keySet().stream().map(s -> "id-" + s + "," + s + ",1," + s.toUpperCase() + "," + s + "@uni.edu")
                .collect(Collectors.joining("\n")) + "\n");

        // 1. a batch killed with SIGKILL once two submissions are graded
        Path out = tmp.resolve("out");
        List<String> batch = List.of("batch", classA.toString(), "--out", out.toString(), "--jobs", "2", "--only", "queue",
                "--roster", roster.toString());
        String tag = UUID.randomUUID().toString();
        Path console1 = tmp.resolve("console-1.txt");
        Process killed = start(batch, tmp, tag, console1);
        try {
            awaitStamps(out, 2, killed, console1);
        } finally {
            killed.destroyForcibly(); // SIGKILL: no shutdown hook runs
        }
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> left = awaitNoSurvivors(tag);
        assertThat(left).as("processes of the killed batch still running").isEmpty();
        Map<String, Stamp> before = stamps(out);
        assertThat(before).as(Files.readString(console1)).hasSizeGreaterThanOrEqualTo(2);
        before.forEach((student, stamp) -> assertThat(reportHash(out, student)).as(student + "'s report is its stamp's")
                .isEqualTo(stamp.reportHash()));

        // 2. the re-run keeps them and grades the rest
        String tag2 = UUID.randomUUID().toString();
        Path console2 = tmp.resolve("console-2.txt");
        Process rerun = start(batch, tmp, tag2, console2);
        List<ProcessHandle> seen = new ArrayList<>();
        try {
            // 6 gradings, 2 at a time: about 2 minutes on a quiet 2-core machine, 9 at a load of 12
            assertThat(GradingRun.waitWatching(rerun, Duration.ofMinutes(20), seen)).as("the re-run finishes").isTrue();
        } finally {
            rerun.destroy(); // a batch still running (the assertion failed) stops its gradings
            rerun.waitFor(60, TimeUnit.SECONDS);
        }
        String text = Files.readString(console2, StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(rerun.exitValue()).as(text).isZero();
        assertThat(new GradingRun(null, 0, "", 0, tag2, seen, true).survivors()).as("processes left running by the batch")
                .isEmpty();
        Map<String, Stamp> after = stamps(out);
        before.forEach((student, stamp) -> {
            assertThat(after.get(student)).as(student + " was not graded again").isEqualTo(stamp);
            assertThat(text).contains("] " + student + ": ").containsPattern(student + ": .*\\(kept,");
        });
        assertThat(text).contains("Grading " + classA + " (classroom-download layout, 8 submission folders)");

        ClassSummary summary = ClassOutputs.readSummary(out.resolve("summary.json"));
        List<Map<String, String>> gradebook = Gradebook.read(out.resolve("gradebook.csv"));
        assertThat(summary.students()).extracting(StudentRow::student).containsExactlyElementsOf(new TreeSet<>(expected.keySet()));
        String classReport = Files.readString(out.resolve("class-report.html"));
        assertThat(summary.students()).as("students in class-report.html").allSatisfy(row ->
                assertThat(classReport).contains(row.student()));
        assertThat(summary.students()).filteredOn(row -> row.report() != null).as("student reports linked from the class report")
                .allSatisfy(row -> assertThat(out.resolve(row.report())).isRegularFile());
        for (StudentRow row : summary.students()) {
            Expectation e = expected.get(row.student());
            String story = row.student() + ": " + row;
            assertThat(row.status()).as(story).isEqualTo(e.status());
            Map<String, String> line = gradebook.stream().filter(l -> l.get("student").equals(row.student())).findFirst().orElseThrow();
            assertThat(line.get("points")).isEqualTo(String.valueOf(row.points()));
            assertThat(line.get("status")).isEqualTo(row.status().label());
            row.criterionPoints().forEach((id, points) -> assertThat(line.get(id)).as(story).isEqualTo(String.valueOf(points)));
            if (e.status() != SubmissionStatus.GRADED) {
                assertThat(row.points()).as(story).isZero();
                assertThat(row.cause()).as(story).isNotBlank();
                continue;
            }
            Set<String> lost = row.criterionStatus().entrySet().stream()
                    .filter(c -> c.getValue() == Status.FAILED || c.getValue() == Status.ERROR).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> skipped = row.criterionStatus().entrySet().stream().filter(c -> c.getValue() == Status.SKIPPED)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            if (e.loses() == null) {
                assertThat(row.points()).as(story + ": the stubs earn nothing").isZero();
            } else {
                assertThat(lost).as(story).containsAll(GradingRun.without(e.loses(), skipped));
                assertThat(lost).as(story + ": criteria it does not break keep their points")
                        .allMatch(id -> e.loses().contains(id) || e.mayLose().contains(id));
            }
        }
        StudentRow alice = summary.students().get(0);
        assertThat(alice.name()).as("the roster's name wins over scores.csv").isEqualTo("ALICE");
        assertThat(alice.email()).isEqualTo("alice@uni.edu");
        assertThat(alice.section()).as("scores.csv's section").isEqualTo("A");
        assertThat(alice.commit()).matches("[0-9a-f]{40}");
        assertThat(alice.commitTime()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(alice.points()).isEqualTo(alice.maxPoints());

        // 3. the workflow's shard steps on the class in the other layout, then its merge steps
        Path workspace = Files.createDirectories(tmp.resolve("workspace"));
        Files.createDirectories(workspace.resolve("grader/target"));
        Files.createSymbolicLink(workspace.resolve("grader/target/concurrency-grader.jar"), GradingRun.graderJar());
        Files.copy(roster, workspace.resolve("roster.csv"));
        Process export = new ProcessBuilder(java(), "-jar", GradingRun.graderJar().toString(), "export-regrade-workflow",
                "regrade.yml", "--shards", "2", "--jobs", "2", "--only", "queue", "--roster", "roster.csv")
                .directory(workspace.toFile()).redirectErrorStream(true).start();
        assertThat(export.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(export.exitValue()).isZero();
        JsonNode workflow = YAML.readTree(workspace.resolve("regrade.yml").toFile());
        List<String> sorted = new ArrayList<>(new TreeSet<>(expected.keySet()));
        for (int k = 1; k <= 2; k++) {
            Path shardOut = workspace.resolve("grades/shard-" + k);
            for (String student : new Shard(k, 2).select(sorted)) {
                Path report = out.resolve("submissions").resolve(student);
                if (Files.isDirectory(report)) {
                    copyTree(report, shardOut.resolve("submissions").resolve(student));
                }
            }
            String script = step(workflow.get("jobs").get("grade"), "Grade shard").replace("${{ matrix.shard }}", String.valueOf(k));
            String shardConsole = runStep(script, workspace, Map.of("CLASS_ROOT", classB.toString()));
            assertThat(shardConsole).contains("classroom-clone layout").doesNotContain("(graded,");
            copyTree(shardOut, workspace.resolve("shards/shard-" + k)); // download-artifact, merge-multiple
        }
        Path stepSummary = workspace.resolve("step-summary.md");
        runStep(step(workflow.get("jobs").get("merge"), "Merge"), workspace, Map.of());
        runStep(step(workflow.get("jobs").get("merge"), "Class summary"), workspace, Map.of("GITHUB_STEP_SUMMARY", stepSummary.toString()));
        List<Map<String, String>> merged = Gradebook.read(workspace.resolve("class-grades/gradebook.csv"));
        assertThat(withoutLayout(merged)).as("the merged shards' gradebook is the single run's (but for the folder names and"
                + " the sections from scores.csv, which the other layout has not)").isEqualTo(withoutLayout(gradebook));
        assertThat(merged).filteredOn(l -> l.get("student").equals("carol")).extracting(l -> l.get("folder"))
                .containsExactly(CLONE_PREFIX + "carol");
        assertThat(Files.readString(stepSummary)).contains("## Class grading", "9 students");
        assertThat(workspace.resolve("class-grades/class-report.html")).as("the merged class report").isRegularFile();
        assertThat(ClassOutputs.readSummary(workspace.resolve("class-grades/summary.json")).criteria())
                .isEqualTo(summary.criteria());
    }

    private static Path copy(Path from, Path to) throws IOException {
        copyTree(from, to);
        return to.getParent();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        PathUtils.copyDirectory(from, to);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Makes {@code dir} a git repository with one commit, committed at 2026-12-01T10:00:00Z. */
    private static void git(Path dir) throws Exception {
        for (List<String> args : List.of(List.of("init", "-q"), List.of("add", "."),
                List.of("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "submission"))) {
            List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
            command.addAll(args);
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
            b.environment().put("GIT_COMMITTER_DATE", "2026-12-01T10:00:00Z");
            b.environment().put("GIT_AUTHOR_DATE", "2026-12-01T10:00:00Z");
            Process p = b.start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        }
    }

    private static Process start(List<String> args, Path tmp, String tag, Path console) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), GradingRun.GRADER_HEAP, "-jar", GradingRun.graderJar().toString()));
        command.addAll(args);
        ProcessBuilder b = new ProcessBuilder(command).directory(Files.createDirectories(tmp.resolve("cwd")).toFile())
                .redirectErrorStream(true).redirectOutput(console.toFile());
        b.environment().put(GradingRun.TAG, tag);
        return b.start();
    }

    /** Waits (up to 15 minutes, for a loaded machine) until {@code count} students have a stamp, the batch still running. */
    private static void awaitStamps(Path out, int count, Process batch, Path console) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (stamps(out).size() < count) {
            assertThat(batch.isAlive()).as("the batch ended before %d gradings: %s", count, Files.readString(console)).isTrue();
            assertThat(System.nanoTime()).as("%d gradings within 15 minutes", count).isLessThan(deadline);
            batch.waitFor(200, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits (up to 30 s: each grading gets 5 s to kill its trees, on a loaded machine more) until no process carries {@code tag}; returns those that still do. */
    private static List<String> awaitNoSurvivors(String tag) throws InterruptedException {
        GradingRun probe = new GradingRun(null, 0, "", 0, tag);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> alive = probe.survivors();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200); // polling the process table: nothing to wait on
            alive = probe.survivors();
        }
        return alive;
    }

    private static Map<String, Stamp> stamps(Path out) throws IOException {
        Path dir = out.resolve("submissions");
        Map<String, Stamp> found = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> students = Files.list(dir)) {
            for (Path s : students.toList()) {
                Optional<Stamp> stamp = Stamp.read(s);
                stamp.ifPresent(st -> found.put(s.getFileName().toString(), st));
            }
        }
        return found;
    }

    private static String reportHash(Path out, String student) {
        try {
            return Fingerprints.file(out.resolve("submissions").resolve(student).resolve("report.json"));
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private static String step(JsonNode job, String namePrefix) {
        return StreamSupport.stream(job.get("steps").spliterator(), false)
                .filter(s -> s.path("name").asText().startsWith(namePrefix)).findFirst().orElseThrow().get("run").asText();
    }

    /** Runs a workflow step's script with bash -e in {@code dir}, as the runner would; returns its output. */
    private static String runStep(String script, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder b = new ProcessBuilder("bash", "-e", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        b.environment().putAll(env);
        b.environment().put("PATH", Path.of(java()).getParent() + ":" + System.getenv("PATH"));
        Process p = b.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(script + "\n" + output).isZero();
        return output;
    }

    private static List<Map<String, String>> withoutLayout(List<Map<String, String>> rows) {
        return rows.stream().map(r -> {
            Map<String, String> copy = new LinkedHashMap<>(r);
            copy.remove("folder");
            copy.remove("section");
            return copy;
        }).toList();
    }
}
