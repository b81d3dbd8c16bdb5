package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import edu.concurrency.grader.process.ManagedProcess;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Rubric;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of hostile and broken submissions, graded end to end with the packaged
 * grader: each entry in {@code grader/src/test/submissions/hostile/} gets a complete report within
 * its documented bound, loses exactly the criteria its {@code expected.yaml} names, says why in
 * the words listed there, and leaves no process running (checked from outside the grader).
 *
 * <p>Each grading prints one line for the catalogue table: the entry, its wall time, the criteria
 * lost, and the first words of the report about them.
 */
@Tag("slow")
@Tag("hostile")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSubmissionsIT {
    private static final Rubric RUBRIC = Rubric.loadDefault();

    /**
     * What a catalogue entry's {@code expected.yaml} says (format: see the entries' directory).
     *
     * @param exercise     the exercise graded ({@code --only})
     * @param entry        the catalogue entry: the kind of hostility (1-10, see the catalogue's README)
     * @param caseName     one line describing the submission ({@code case} in the file)
     * @param boundSeconds the documented bound on the grading's wall time, in seconds
     * @param loses        criteria that must be lost
     * @param mayLose      criteria that may be lost too
     * @param says         lower-case phrases the report must contain (lost criteria's feedback and
     *                     details, and the report's notes)
     * @param reportWatchSeconds how long after the grading {@code report.json} is watched for a
     *                     rewrite by something the submission left behind, in seconds (default 0)
     * @param withoutCgroups whether the entry is graded a second time as on a machine that gives
     *                     the grader no cgroup (a student's laptop), where other means must find
     *                     what the submission left running (default false)
     * @param criteria     when not empty, only these criteria are graded ({@code --criteria}), to
     *                     keep an entry cheap; verdicts are then checked for them alone
     * @param sandboxPair  whether the entry is graded a second time with {@code --sandbox none}, to
     *                     prove what the sandbox blocks (default false)
     * @param losesWithoutSandbox criteria lost when no sandbox ran, instead of {@code loses}
     *                     (default: {@code loses})
     * @param saysWithoutSandbox phrases the report must contain too when no sandbox ran
     * @param saysInSandbox phrases the report must contain too when the sandbox ran
     * @param victimDeletedWithoutSandbox whether the submission deletes the victim file the test
     *                     plants in the home: gone without the sandbox, kept with it
     */
    record HostileCase(String exercise, int entry, @JsonProperty("case") String caseName,
                       double boundSeconds, Set<String> loses, Set<String> mayLose, List<String> says,
                       double reportWatchSeconds, boolean withoutCgroups, List<String> criteria,
                       boolean sandboxPair, Set<String> losesWithoutSandbox, List<String> saysWithoutSandbox,
                       List<String> saysInSandbox, boolean victimDeletedWithoutSandbox) {
        HostileCase {
            loses = loses == null ? Set.of() : Set.copyOf(loses);
            mayLose = mayLose == null ? Set.of() : Set.copyOf(mayLose);
            says = says == null ? List.of() : List.copyOf(says);
            criteria = criteria == null ? List.of() : List.copyOf(criteria);
            losesWithoutSandbox = losesWithoutSandbox == null ? loses : Set.copyOf(losesWithoutSandbox);
            saysWithoutSandbox = saysWithoutSandbox == null ? List.of() : List.copyOf(saysWithoutSandbox);
            saysInSandbox = saysInSandbox == null ? List.of() : List.copyOf(saysInSandbox);
        }

        static HostileCase read(Path entry) throws IOException {
            return new ObjectMapper(new YAMLFactory()).readValue(entry.resolve("expected.yaml").toFile(), HostileCase.class);
        }
    }

    Stream<Path> catalogue() throws IOException {
        try (Stream<Path> dirs = Files.list(GradingRun.repoRoot().resolve("grader/src/test/submissions/hostile"))) {
            // -Dhostile.only=27,28 grades only the entries whose names begin so (a developer's shortcut)
            List<String> only = List.of(System.getProperty("hostile.only", "").split(",")).stream()
                    .filter(p -> !p.isBlank()).toList();
            return dirs.filter(Files::isDirectory).filter(d -> only.isEmpty()
                    || only.stream().anyMatch(p -> d.getFileName().toString().startsWith(p))).sorted().toList().stream();
        }
    }

    Stream<Path> sandboxEntries() throws IOException {
        List<Path> entries = new ArrayList<>();
        for (Path entry : (Iterable<Path>) catalogue()::iterator) {
            if (HostileCase.read(entry).sandboxPair()) {
                entries.add(entry);
            }
        }
        return entries.stream();
    }

    /** The canary of the home (entry 27): what a submission must never get to send anywhere in the sandbox. */
    private final String canary = "canary-" + UUID.randomUUID();
    /** What the test's server on the host's loopback says (entry 28). */
    private final String portSecret = "port-secret-" + UUID.randomUUID();
    private final Path home = Path.of(System.getProperty("user.home"));
    /** Held by the gradings of an entry that deletes the victim file, so that the two variants do not meet. */
    private final ReentrantLock victimLock = new ReentrantLock();
    private ServerSocket hostPort;

    @BeforeAll
    void plantCanaryAndListenOnTheHost() throws IOException {
        Files.writeString(home.resolve(CANARY_FILE), canary);
        hostPort = new ServerSocket(HOST_PORT, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            while (!hostPort.isClosed()) {
                try (Socket s = hostPort.accept()) {
                    s.getOutputStream().write((portSecret + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException closed) {
                    // closed at the end, or a client that went away
                }
            }
        }, "host-port-47115");
        server.setDaemon(true);
        server.start();
    }

    @AfterAll
    void removeCanaryAndStopListening() throws IOException {
        Files.deleteIfExists(home.resolve(CANARY_FILE));
        Files.deleteIfExists(home.resolve(VICTIM_FILE));
        if (hostPort != null) {
            hostPort.close();
        }
    }

    private static final String CANARY_FILE = ".concurrency-grader-canary";
    private static final String VICTIM_FILE = ".concurrency-grader-victim";
    private static final int HOST_PORT = 47115;

    Stream<Path> processEntries() throws IOException {
        List<Path> entries = new ArrayList<>();
        for (Path entry : (Iterable<Path>) catalogue()::iterator) {
            if (HostileCase.read(entry).withoutCgroups()) {
                entries.add(entry);
            }
        }
        return entries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    @DisplayName("a hostile submission gets a complete, true report in bounded time and leaves nothing running")
    void gradedCompletelyInBoundedTime(Path entry, @TempDir Path work) throws Exception {
        gradeAndCheck(entry, work, List.of(), "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processEntries")
    @DisplayName("without a cgroup, what a hostile submission leaves running is still found and killed")
    void gradedCompletelyWithoutCgroups(Path entry, @TempDir Path work) throws Exception {
        // and without the sandbox, whose PID namespace would catch everything: a machine without either
        gradeAndCheck(entry, work, List.of("-D" + ManagedProcess.CGROUPS_PROPERTY + "=false"), " (no cgroup, no sandbox)",
                "--sandbox", "none");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sandboxEntries")
    @DisplayName("without the sandbox, a hostile submission does what the sandbox blocks (and the report shows it)")
    void gradedWithoutSandbox(Path entry, @TempDir Path work) throws Exception {
        gradeAndCheck(entry, work, List.of(), " (--sandbox none)", "--sandbox", "none");
    }

    private void gradeAndCheck(Path entry, Path work, List<String> graderJvmOptions, String variant, String... extra)
            throws Exception {
        HostileCase expected = HostileCase.read(entry);
        if (expected.victimDeletedWithoutSandbox()) {
            victimLock.lock();
        }
        try {
            gradeAndCheck(entry, expected, work, graderJvmOptions, variant, extra);
        } finally {
            if (victimLock.isHeldByCurrentThread()) {
                victimLock.unlock();
            }
        }
    }

    private void gradeAndCheck(Path entry, HostileCase expected, Path work, List<String> graderJvmOptions, String variant,
                               String... extra) throws Exception {
        Path submission = GradingRun.overlay(entry, Files.createDirectories(work.resolve("submission")));
        Path reports = work.resolve("report");
        Path victim = Files.writeString(home.resolve(VICTIM_FILE), "the grader's user's file");
        List<String> args = new ArrayList<>(List.of("--only", expected.exercise()));
        if (!expected.criteria().isEmpty()) {
            args.addAll(List.of("--criteria", String.join(",", expected.criteria())));
        }
        args.addAll(List.of(extra));
        GradingRun run = GradingRun.grade(graderJvmOptions, submission, reports, args.toArray(String[]::new));
        List<CriterionResult> criteria = run.report().criteria();
        String story = run.story(entry.getFileName() + variant + " (" + expected.caseName() + ")");
        boolean sandboxed = SandboxExpectation.check(run.report(), List.of(extra).contains("none"), story);

        assertThat(run.ownSeconds()).as(story + "\nwall time in s less the wait for other gradings, bound "
                        + expected.boundSeconds())
                .isLessThanOrEqualTo(expected.boundSeconds());
        assertThat(reports.resolve("report.md")).as("report.md is written").isNotEmptyFile();
        assertThat(run.exitCode()).as(story + "\nexit code: 1 = below --min-score; 3 would mean the grader failed")
                .isIn(0, 1);
        List<String> rubricIds = RUBRIC.exercise(expected.exercise()).orElseThrow().criteria().stream()
                .map(Criterion::id).toList();
        if (expected.criteria().isEmpty()) {
            assertThat(criteria).as("a verdict for every criterion of the exercise, in rubric order")
                    .extracting(CriterionResult::id).containsExactlyElementsOf(rubricIds);
        } else {
            assertThat(criteria).as("a verdict for every criterion graded, and only for criteria of the exercise")
                    .extracting(CriterionResult::id).containsAll(expected.criteria()).isSubsetOf(rubricIds);
        }
        Set<String> lost = run.assertLost(sandboxed ? expected.loses() : expected.losesWithoutSandbox(),
                expected.mayLose(), story);
        String said = run.feedbackOf(lost) + "\n" + String.join("\n", run.report().notes()).toLowerCase();
        List<String> phrases = new ArrayList<>(expected.says());
        phrases.addAll(sandboxed ? expected.saysInSandbox() : expected.saysWithoutSandbox());
        assertThat(phrases).as(story + "\nthe report explains the case").allSatisfy(
                phrase -> assertThat(said).contains(phrase.toLowerCase()));
        String everything = run.console() + "\n" + reportFiles(reports);
        if (sandboxed) {
            assertThat(everything).as(story + "\nthe home's canary and the host port's secret, in the console or any report file")
                    .doesNotContain(canary).doesNotContain(portSecret);
        }
        if (expected.victimDeletedWithoutSandbox()) {
            assertThat(Files.exists(victim)).as(story + "\nthe victim file in the grader's home still exists")
                    .isEqualTo(sandboxed);
        }

        assertThat(run.survivors()).as(story + "\nprocesses of the submission still running after grading").isEmpty();
        assertThat(GradingRun.runningMentioning(work)).as(story + "\nprocesses still working on the submission's files")
                .isEmpty();
        byte[] written = Files.readAllBytes(reports.resolve("report.json"));
        long until = System.nanoTime() + (long) (expected.reportWatchSeconds() * 1e9);
        while (System.nanoTime() < until) { // an observation window, not synchronisation: nothing may change it
            assertThat(Files.readAllBytes(reports.resolve("report.json"))).as(story + "\nreport.json after the grader exited")
                    .isEqualTo(written);
            Thread.sleep(100);
        }

        String firstWords = criteria.stream().filter(c -> c.status() != Status.PASSED).map(CriterionResult::feedback)
                .findFirst().or(() -> run.report().notes().stream().findFirst()).orElse("")
                .lines().findFirst().orElse("");
        System.out.printf("CATALOGUE | %s%s | %d | %.1f s (bound %.0f) | lost %s | %s%n", entry.getFileName(), variant,
                expected.entry(), run.ownSeconds(), expected.boundSeconds(), lost,
                firstWords.length() > 160 ? firstWords.substring(0, 160) + "..." : firstWords);
    }

    /** The text of every file in the report directory. */
    private static String reportFiles(Path reports) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return all.toString();
    }
}
