package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import edu.concurrency.grader.process.ManagedProcess;
import edu.concurrency.grader.process.ProcFs;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of hostile and broken submissions, graded end to end with the packaged
 * grader: each entry in {@code grader/src/test/submissions/hostile/} gets a complete report within
 * its documented bound (a grading over it is graded once more, as timing checks are), loses
 * exactly the criteria its {@code expected.yaml} names, says why in
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
     * Gradings of an entry before its bound fails the test: the bound is wall time on a 2-core
     * machine, which the other gradings of a CI run slow down (entry 24 took 42 s alone and 79 s in
     * CI, against a bound of 90 s).
     */
    private static final int TIMING_ATTEMPTS = 2;

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
     *                     plants in the home and the file {@link GradingRun#WORKING_FILE} of the
     *                     grader's working directory: gone without the sandbox, kept with it
     * @param orphan       an argument of a process the submission leaves running, detached from
     *                     everything the grader tracks without a cgroup (session, environment,
     *                     working directory, parent), or null: the test must see it while each
     *                     grading runs and, looking from outside, find it gone after it, except
     *                     where neither the sandbox nor a cgroup held it (the known escape): there
     *                     it must still run, unnamed by the report, and the test kills it itself
     */
    record HostileCase(String exercise, int entry, @JsonProperty("case") String caseName,
                       double boundSeconds, Set<String> loses, Set<String> mayLose, List<String> says,
                       double reportWatchSeconds, boolean withoutCgroups, List<String> criteria,
                       boolean sandboxPair, Set<String> losesWithoutSandbox, List<String> saysWithoutSandbox,
                       List<String> saysInSandbox, boolean victimDeletedWithoutSandbox, String orphan) {
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
    /**
     * Held by the gradings of an entry whose variants must not meet: one that deletes the victim
     * file, or one whose orphan the test finds by a fixed argument.
     */
    private final Map<String, ReentrantLock> entryLocks = new ConcurrentHashMap<>();
    /** Whether the grader gets a cgroup for its processes on this machine (see {@link #probeCgroups}). */
    private boolean cgroupsHere;
    private ServerSocket hostPort;

    /**
     * Whether a process tree started here gets a cgroup of its own, as the grader's would: the
     * graders run as this JVM's user in its cgroups, so this tells whether a grading without the
     * sandbox and without {@code -Dconcurrency.grader.cgroups=false} holds its processes in one.
     */
    @BeforeAll
    void probeCgroups(@TempDir Path dir) throws Exception {
        try (ManagedProcess probe = ManagedProcess.start(List.of("sleep", "30"), dir, Map.of(), 4096)) {
            // moved into its cgroup before start returns (a process that read its own at once could miss it)
            cgroupsHere = Files.readString(ProcFs.file(probe.pid(), "cgroup")).contains("concurrency-grader-");
        }
    }

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

    /** Entries proven both ways that are also graded without cgroups: graded so in the sandbox too. */
    Stream<Path> sandboxEntriesWithoutCgroups() throws IOException {
        List<Path> entries = new ArrayList<>();
        for (Path entry : (Iterable<Path>) catalogue()::iterator) {
            HostileCase c = HostileCase.read(entry);
            if (c.withoutCgroups() && c.sandboxPair()) {
                entries.add(entry);
            }
        }
        return entries.stream();
    }

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
    @MethodSource("sandboxEntriesWithoutCgroups")
    @DisplayName("in the sandbox without a cgroup, what a hostile submission leaves running still dies with the grading")
    void gradedInSandboxWithoutCgroups(Path entry, @TempDir Path work) throws Exception {
        Assumptions.assumeTrue(SandboxExpectation.bwrapInstalled(), "bwrap is not installed");
        gradeAndCheck(entry, work, List.of("-D" + ManagedProcess.CGROUPS_PROPERTY + "=false"), " (no cgroup, sandbox)");
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
        ReentrantLock lock = expected.victimDeletedWithoutSandbox() || expected.orphan() != null
                ? entryLocks.computeIfAbsent(entry.getFileName().toString(), e -> new ReentrantLock()) : null;
        if (lock != null) {
            lock.lock();
        }
        try {
            if (expected.orphan() != null) {
                assertThat(GradingRun.runningWithArgument(expected.orphan()))
                        .as("processes with the argument %s before the grading (left by an earlier, aborted run?)",
                                expected.orphan()).isEmpty();
            }
            // the bound is a timing threshold: a grading over it on a loaded machine gets a second
            // one (every other check applies to both)
            for (int attempt = 1; !gradeAndCheck(entry, expected, attempt == 1 ? work
                    : Files.createDirectories(work.resolve("attempt-" + attempt)), graderJvmOptions, variant,
                    attempt == TIMING_ATTEMPTS, extra); attempt++) {
                System.out.printf("SLOW | %s%s graded over its bound of %.0f s: graded again%n", entry.getFileName(),
                        variant, expected.boundSeconds());
            }
        } finally {
            if (expected.orphan() != null) {
                GradingRun.runningWithArgument(expected.orphan()).forEach(ProcessHandle::destroyForcibly);
            }
            if (lock != null) {
                lock.unlock();
            }
        }
    }

    /**
     * Grades the entry once and checks it.
     *
     * @param last whether a grading over the entry's bound fails the test; otherwise it is checked
     *             in every other way and the caller grades again
     * @return false when the grading took longer than the bound and this was not the last attempt
     */
    private boolean gradeAndCheck(Path entry, HostileCase expected, Path work, List<String> graderJvmOptions, String variant,
                                  boolean last, String... extra) throws Exception {
        Path submission = GradingRun.overlay(entry, Files.createDirectories(work.resolve("submission")));
        Path reports = work.resolve("report");
        Path victim = Files.writeString(home.resolve(VICTIM_FILE), "the grader's user's file");
        List<String> args = new ArrayList<>(List.of("--only", expected.exercise()));
        if (!expected.criteria().isEmpty()) {
            args.addAll(List.of("--criteria", String.join(",", expected.criteria())));
        }
        args.addAll(List.of(extra));
        GradingRun run;
        boolean orphanSeen;
        try (OrphanWatch watch = new OrphanWatch(expected.orphan())) {
            run = GradingRun.grade(graderJvmOptions, submission, reports, args.toArray(String[]::new));
            orphanSeen = watch.seen();
        }
        List<CriterionResult> criteria = run.report().criteria();
        String story = run.story(entry.getFileName() + variant + " (" + expected.caseName() + ")");
        boolean sandboxed = SandboxExpectation.check(run.report(), List.of(extra).contains("none"), story);

        boolean inTime = run.ownSeconds() <= expected.boundSeconds();
        if (last) {
            assertThat(run.ownSeconds()).as(story + "\nwall time in s less the wait for other gradings, bound "
                            + expected.boundSeconds() + " (in every attempt)")
                    .isLessThanOrEqualTo(expected.boundSeconds());
        }
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
        // without the sandbox the grader holds an orphan only in a cgroup: without one it escapes
        boolean cgroup = cgroupsHere && !graderJvmOptions.contains("-D" + ManagedProcess.CGROUPS_PROPERTY + "=false");
        boolean escapes = expected.orphan() != null && !sandboxed && !cgroup;
        if (expected.orphan() != null) {
            assertThat(orphanSeen).as(story + "\nthe process the submission leaves (argument " + expected.orphan()
                    + ") was seen while the grading ran").isTrue();
            checkOrphan(expected.orphan(), escapes, said, story);
        }
        List<String> phrases = new ArrayList<>(expected.says());
        phrases.addAll(sandboxed ? expected.saysInSandbox() : escapes ? List.of() : expected.saysWithoutSandbox());
        assertThat(phrases).as(story + "\nthe report explains the case").allSatisfy(
                phrase -> assertThat(said).contains(phrase.toLowerCase()));
        String everything = run.console() + "\n" + GradingRun.everyFile(reports);
        if (sandboxed) {
            assertThat(everything).as(story + "\nthe home's canary and the host port's secret, in the console or any report file")
                    .doesNotContain(canary).doesNotContain(portSecret);
        }
        if (expected.victimDeletedWithoutSandbox()) {
            assertThat(Files.exists(victim)).as(story + "\nthe victim file in the grader's home still exists")
                    .isEqualTo(sandboxed);
            assertThat(run.workingFileKept()).as(story + "\nthe file in the grader's working directory is still there")
                    .isEqualTo(sandboxed);
        } else {
            assertThat(run.workingFileKept()).as(story + "\nthe file in the grader's working directory is still there")
                    .isTrue();
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
        return inTime;
    }

    /**
     * Looks, every 50 ms while a grading runs, for a process with the argument {@code orphan} (from
     * outside, where a sandbox's processes show too): proof that the submission did leave it, so
     * that "gone after the grading" means killed, not never started. Does nothing for a null
     * argument.
     */
    private static final class OrphanWatch implements AutoCloseable {
        private final AtomicBoolean seen = new AtomicBoolean();
        private final Thread watcher;

        OrphanWatch(String orphan) {
            watcher = new Thread(() -> {
                while (orphan != null && !seen.get() && !Thread.currentThread().isInterrupted()) {
                    seen.set(!GradingRun.runningWithArgument(orphan).isEmpty());
                    try {
                        Thread.sleep(50); // polling the process table: nothing to wait on
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }, "orphan-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        boolean seen() {
            return seen.get();
        }

        @Override
        public void close() throws InterruptedException {
            watcher.interrupt();
            watcher.join();
        }
    }

    /**
     * Checks the process with the argument {@code orphan} after a grading: gone (it may take the
     * kernel a moment to end a sandbox's namespace), or, where it {@code escapes}, still running,
     * detached as the entry says (a session of its own, an empty environment, working directory
     * {@code /}), and not named in the report ({@code said}, lower case); then the test kills it.
     */
    private static void checkOrphan(String orphan, boolean escapes, String said, String story) throws Exception {
        List<ProcessHandle> running = GradingRun.runningWithArgument(orphan);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!escapes && !running.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(100); // polling the process table: nothing to wait on
            running = GradingRun.runningWithArgument(orphan);
        }
        if (!escapes) {
            assertThat(running).as(story + "\nthe process the submission left (argument " + orphan
                    + ") died with the grading").isEmpty();
            return;
        }
        assertThat(running).as(story + "\nneither the sandbox nor a cgroup held the process the submission left"
                + " (argument " + orphan + "): the known escape, so it must still run").isNotEmpty();
        for (ProcessHandle h : running) {
            long pid = h.pid();
            assertThat(ProcFs.statFields(pid).map(f -> f[3])).as("its session is its own").contains(Long.toString(pid));
            assertThat(Files.readAllBytes(ProcFs.file(pid, "environ"))).as("its environment is empty").isEmpty();
            assertThat(Files.readSymbolicLink(ProcFs.file(pid, "cwd"))).as("its working directory").isEqualTo(Path.of("/"));
        }
        assertThat(said).as(story + "\nthe report says nothing of the process it did not find").doesNotContain(orphan);
        System.out.printf("KNOWN ESCAPE | without the sandbox and without a cgroup, %d process(es) with the argument %s"
                + " outlived the grading unseen: %s; the test kills them%n", running.size(), orphan,
                running.stream().map(h -> h.pid() + " " + String.join(" ", ProcFs.arguments(h.pid()))).toList());
        running.forEach(ProcessHandle::destroyForcibly);
        long killed = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!GradingRun.runningWithArgument(orphan).isEmpty() && System.nanoTime() < killed) {
            Thread.sleep(100); // a zombie until its new parent reaps it, which runningWithArgument leaves out
        }
        assertThat(GradingRun.runningWithArgument(orphan)).as("the escaped process, after the test killed it").isEmpty();
    }
}
