package edu.concurrency.grader.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import edu.concurrency.grader.sandbox.Confinement;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@EnabledOnOs(OS.LINUX)
class ManagedProcessTest {

    @Test
    void killTreeLeavesNoDescendantNotEvenAnOrphanThatLeftTheGroup() throws Exception {
        // a child, a grandchild, and a process that starts its own session and whose parent exits
        ManagedProcess p = ManagedProcess.start(List.of("sh", "-c",
                "sleep 600 & (sh -c 'sleep 600' &) ; setsid sh -c 'sleep 600' & echo started; wait"),
                Path.of("."), Map.of(), 4096);
        awaitOutput(p, "started");
        List<ProcessHandle> before = p.survivors();
        assertThat(before).hasSizeGreaterThanOrEqualTo(3);
        List<String> killed = p.killTree();
        assertThat(killed).isNotEmpty();
        assertThat(before).noneMatch(ManagedProcessTest::running);
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void killTreeDoesNotWaitForAZombieItCannotReap() throws Exception {
        // a process of the tree that has exited, and whose parent, outside the tree, never reaps it:
        // a zombie; ProcessHandle.isAlive() stays true for it until its parent (or init) reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & exec sleep 120").start();
        try (ManagedProcess p = ManagedProcess.start(List.of("sleep", "120"), Path.of("."), Map.of(), 4096)) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            ProcessHandle child = null;
            while (System.nanoTime() - until < 0 && (child == null || !ProcFs.zombie(child.pid()))) {
                child = parent.toHandle().children().findFirst().orElse(null);
                Thread.sleep(10);
            }
            assertThat(child).isNotNull();
            assertThat(ProcFs.zombie(child.pid())).as("the child of a parent that does not wait, once exited").isTrue();
            long zombie = child.pid();
            p.remember(zombie, ProcFs.statFields(zombie).map(f -> f[19]).orElseThrow());
            assertThat(p.survivors()).as("a zombie runs nothing").noneMatch(h -> h.pid() == zombie);

            long start = System.nanoTime();
            List<String> killed = p.killTree();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // it waited for nothing: the old wait for a zombie ran into killTree's 5 s limit
            assertThat(took).isLessThan(Duration.ofMillis(2500));
            assertThat(killed).as("a zombie was not running, so it was not killed").noneMatch(d -> d.startsWith(zombie + " "));
            assertThat(child.isAlive()).as("still a zombie, its parent never reaps it").isTrue();
            assertThat(p.isAlive()).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void secretNamesAreRecognizedAndOthersAreNot() {
        for (String secret : List.of("GITHUB_TOKEN", "GITHUB_OUTPUT", "github_step_summary", "ACTIONS_RUNTIME_TOKEN",
                "ACTIONS_ID_TOKEN_REQUEST_URL", "RUNNER_TEMP", "INPUT_API-KEY", "NPM_TOKEN", "my_token_file",
                "AWS_SECRET_ACCESS_KEY", "ClientSecret", "DB_PASSWORD", "GOOGLE_APPLICATION_CREDENTIALS", "credential")) {
            assertThat(ManagedProcess.isSecret(secret)).as(secret).isTrue();
        }
        for (String plain : List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TERM", "CONCURRENCY_GRADER_TREE",
                "GRADER_TIMEOUT_FACTOR", "MY_GITHUB_URL", "XACTIONS_X", "TOKE", "PASS", "CI")) {
            assertThat(ManagedProcess.isSecret(plain)).as(plain).isFalse();
        }
        assertThat(ManagedProcess.withoutSecrets(Map.of("PATH", "/bin", "GITHUB_TOKEN", "t"))).containsOnlyKeys("PATH");
    }

    @Test
    void secretsReachNoChildWhetherInheritedOrPassedExplicitly() throws Exception {
        Map<String, String> extra = Map.of("ACTIONS_FOO", "1", "GITHUB_TOKEN", "ghp_x", "Db_Password", "hunter2",
                "KEEP_ME", "kept");
        try (ManagedProcess p = ManagedProcess.start(List.of("env"), Path.of("."), extra, 1 << 20)) {
            assertThat(p.waitFor(Duration.ofSeconds(30))).isTrue();
            List<String> names = p.stdout().text().lines().filter(l -> l.contains("="))
                    .map(l -> l.substring(0, l.indexOf('='))).toList();
            assertThat(names).contains("KEEP_ME", "PATH", ManagedProcess.MARKER)
                    .doesNotContain("ACTIONS_FOO", "GITHUB_TOKEN", "Db_Password");
            // whatever secrets the grader itself was started with (in CI: GITHUB_*, RUNNER_*, ...)
            assertThat(names).noneMatch(ManagedProcess::isSecret);
            assertThat(System.getenv().keySet().stream().filter(n -> !ManagedProcess.isSecret(n)))
                    .allMatch(names::contains);
        }
    }

    @Test
    void aRememberedPidThatWasReusedIsNotKilled() throws Exception {
        // a process outside the tree, standing for one that got a pid the tree used before
        Process stranger = new ProcessBuilder("sleep", "120").start();
        try (ManagedProcess p = ManagedProcess.start(List.of("sh", "-c", "sleep 120 & echo started; wait"),
                Path.of("."), Map.of(), 4096)) {
            awaitOutput(p, "started");
            p.remember(stranger.pid(), "not-its-start-time");
            List<ProcessHandle> ours = p.survivors();
            assertThat(ours).isNotEmpty().noneMatch(h -> h.pid() == stranger.pid());
            p.killTree();
            assertThat(ours).noneMatch(ManagedProcessTest::running);
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void aNestedManagedProcessIsStillFoundByTheOuterTree() throws Exception {
        // the inner tree replaces the marker; the outer tree's own variable survives: a process started
        // with a new session and a replaced marker, whose parent exited, is still killed
        String outerVar = "CONCURRENCY_GRADER_TREE_";
        try (ManagedProcess p = ManagedProcess.start(List.of("sh", "-c",
                "(CONCURRENCY_GRADER_TREE=inner setsid sh -c 'sleep 121' &) ; env; echo started; sleep 120"),
                Path.of("."), Map.of(), 1 << 16)) {
            awaitOutput(p, "started");
            assertThat(p.stdout().text()).contains(outerVar);
            Thread.sleep(200);
            List<ProcessHandle> before = p.survivors();
            assertThat(before).anyMatch(h -> h.info().commandLine().orElse("").contains("sleep 121"));
            p.killTree();
            assertThat(before).noneMatch(ManagedProcessTest::running);
        }
    }

    @Test
    void aProcessStartedWithStdinGetsTheLinesSentAfterItsOwnOutputWasAwaited(@TempDir Path own) throws Exception {
        try (ManagedProcess p = ManagedProcess.startConfinedWithStdin(List.of("sh", "-c",
                        "echo ready; read first; read second; echo \"got $first and $second\""), own, Map.of(), 4096,
                Confinement.NONE)) {
            assertThat(p.awaitStdout("ready", Duration.ofSeconds(20))).isTrue();
            assertThat(p.isAlive()).as("waiting for its input").isTrue();
            p.sendLine("go");
            p.sendLine("on");
            assertThat(p.waitFor(Duration.ofSeconds(20))).isTrue();
            assertThat(p.stdout().text()).isEqualTo("ready\ngot go and on\n");
        }
    }

    @Test
    void awaitingOutputThatNeverComesEndsWithTheProcess() throws Exception {
        try (ManagedProcess p = ManagedProcess.start(List.of("sh", "-c", "echo something else"), Path.of("."), Map.of(), 4096)) {
            long start = System.nanoTime();
            assertThat(p.awaitStdout("ready", Duration.ofSeconds(60))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("returned when stdout ended").isLessThan(Duration.ofSeconds(30));
            assertThatThrownBy(() -> p.sendLine("go")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void outputIsCappedWhileTheTotalIsCounted() throws Exception {
        try (ManagedProcess p = ManagedProcess.start(List.of("sh", "-c", "head -c 50000000 /dev/zero | tr '\\0' x; echo END"),
                Path.of("."), Map.of(), 1024)) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).isTrue();
            CapturedOutput out = p.stdout();
            assertThat(out.totalBytes()).isEqualTo(50_000_004L);
            assertThat(out.truncated()).isTrue();
            assertThat(out.text()).hasSizeLessThan(4096).contains("bytes cut").endsWith("xxxEND\n");
        }
    }

    @Test
    void theCgroupCatchesAnOrphanThatLeftTheSessionAndClearedItsEnvironment() throws Exception {
        assumeCgroups();
        String tag = escapeTag();
        try (ManagedProcess p = ManagedProcess.start(escape(tag), Path.of("."), Map.of(), 4096)) {
            Path cgroup = p.cgroupDirectory().orElseThrow();
            assertThat(Files.readString(cgroup.resolve("cgroup.procs"))).contains(Long.toString(p.pid()));
            assertThat(p.waitFor(Duration.ofSeconds(20))).isTrue();
            List<ProcessHandle> escapees = awaitEscapee(tag);
            assertThat(escapees).as("the escapee runs, orphaned").isNotEmpty()
                    .allMatch(h -> h.parent().map(ProcessHandle::pid).orElse(1L) != p.pid());
            assertThat(Files.readString(cgroup.resolve("cgroup.procs"))).contains(Long.toString(escapees.get(0).pid()));
            List<String> killed = p.killTree();
            assertThat(withArgument(tag)).as("processes running 'sleep " + tag + "'").isEmpty();
            assertThat(killed).anyMatch(k -> k.contains(tag));
            assertThat(cgroup).doesNotExist();
            assertThat(p.cgroupDirectory()).isEmpty();
        } finally {
            withArgument(tag).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aCgroupMadeInsideTheTreeIsEmptiedAndRemovedToo() throws Exception {
        // as a ManagedProcess started inside a managed JVM does: a cgroup below the tree's, with an escapee in it
        assumeCgroups();
        String tag = escapeTag();
        String script = "sleep 1; d=/sys/fs/cgroup/pids$(sed -n 's/^[0-9]*:pids://p' /proc/self/cgroup)/inner"
                + " && mkdir \"$d\" && env -i setsid sh -c 'echo $$ > \"$0\"/cgroup.procs && exec sleep " + tag + "' \"$d\""
                + " </dev/null >/dev/null 2>&1 & exit 0";
        try (ManagedProcess p = ManagedProcess.start(List.of("sh", "-c", script), Path.of("."), Map.of(), 4096)) {
            Path cgroup = p.cgroupDirectory().orElseThrow();
            Assumptions.assumeTrue(cgroup.startsWith("/sys/fs/cgroup/pids"), "cgroup v1 pids controller only");
            assertThat(p.waitFor(Duration.ofSeconds(20))).isTrue();
            List<ProcessHandle> escapees = awaitEscapee(tag);
            assertThat(escapees).isNotEmpty();
            assertThat(Files.readString(cgroup.resolve("inner/cgroup.procs"))).contains(Long.toString(escapees.get(0).pid()));
            assertThat(p.killTree()).anyMatch(k -> k.contains(tag));
            assertThat(withArgument(tag)).isEmpty();
            assertThat(cgroup).doesNotExist();
        } finally {
            withArgument(tag).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Without a cgroup, the orphan of the scenario above escapes the session, marker and descendant
     * scans (so that scenario really is an escape), unless the tree is confined to a directory of
     * its own, where the orphan was born.
     */
    @ParameterizedTest(name = "confined: {0}")
    @ValueSource(booleans = {false, true})
    void withoutACgroupTheOrphanEscapesUnlessTheTreeIsConfined(boolean confined, @TempDir Path own) throws Exception {
        String tag = escapeTag();
        try (ManagedProcess p = ManagedProcess.start(escape(tag), own, Map.of(), 4096, null, false, confined)) {
            assertThat(p.cgroupDirectory()).isEmpty();
            assertThat(p.waitFor(Duration.ofSeconds(20))).isTrue();
            List<ProcessHandle> escapees = awaitEscapee(tag);
            assertThat(escapees).as("the escapee runs, orphaned").isNotEmpty()
                    .allMatch(h -> h.parent().map(ProcessHandle::pid).orElse(1L) != p.pid());
            List<String> killed = p.killTree();
            if (confined) {
                assertThat(killed).anyMatch(k -> k.contains(tag));
                assertThat(withArgument(tag)).as("survivors of killTree() of a confined tree").isEmpty();
            } else {
                assertThat(withArgument(tag)).as("survivors of killTree() without a cgroup").isNotEmpty();
            }
        } finally {
            withArgument(tag).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aConfinedTreeLeavesAloneWhatWasRunningInItsDirectoryBefore(@TempDir Path own) throws Exception {
        String tag = escapeTag();
        Process before = new ProcessBuilder("sleep", tag).directory(own.toFile()).start();
        try (ManagedProcess p = ManagedProcess.start(List.of("sleep", "30"), own, Map.of(), 4096, null, false, true)) {
            assertThat(p.survivors()).extracting(ProcessHandle::pid).doesNotContain(before.pid());
            assertThat(p.killTree()).noneMatch(k -> k.contains(tag));
            assertThat(before.isAlive()).as("a process started before the tree, in the same directory").isTrue();
        } finally {
            before.destroyForcibly();
        }
    }

    @Test
    void aTreeIsKilledWhenTheJvmThatStartedItIsTerminated() throws Exception {
        // the sleep runs in a session of its own, so the SIGTERM to its JVM does not reach it: the hook must
        String tag = escapeTag();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ManagedProcessHost.class.getName())
                .redirectErrorStream(true);
        builder.environment().put("SLEEP_TAG", tag);
        Process host = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("started");
            assertThat(running(tag, true)).as("the managed sleep runs").hasSize(1);
            host.destroy(); // SIGTERM
            assertThat(host.waitFor(30, TimeUnit.SECONDS)).as("the host JVM exits").isTrue();
            assertThat(running(tag, true)).as("processes running 'sleep " + tag + "' after their JVM was terminated")
                    .isEmpty();
        } finally {
            host.destroyForcibly();
            running(tag, true).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** A unique argument for sleep(1): 611 s and a random fraction. */
    static String escapeTag() {
        return "611." + ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L);
    }

    /**
     * A shell that starts, with an empty environment and a new session, a sleep that it then orphans.
     * It first waits a second, as a JVM takes time before it runs any submission code: the process
     * is moved into its cgroup right after it started.
     */
    private static List<String> escape(String tag) {
        return List.of("sh", "-c",
                "sleep 1; env -i setsid sh -c 'exec sleep " + tag + "' </dev/null >/dev/null 2>&1 & exit 0");
    }

    /** Skips the test unless ManagedProcess gets a cgroup here (root, a writable pids hierarchy or delegated v2). */
    private static void assumeCgroups() throws IOException {
        try (ManagedProcess probe = ManagedProcess.start(List.of("sleep", "30"), Path.of("."), Map.of(), 1024)) {
            Assumptions.assumeTrue(probe.cgroupDirectory().isPresent(),
                    "no writable cgroup (v1 pids controller or delegated v2) on this machine");
        }
    }

    static List<ProcessHandle> awaitEscapee(String tag) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<ProcessHandle> found = running(tag, true);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            found = running(tag, true);
        }
        return found;
    }

    /** Live processes whose command line (from /proc/PID/cmdline) contains {@code argument}. */
    private static List<ProcessHandle> withArgument(String argument) {
        return running(argument, false);
    }

    /**
     * Live processes whose command line (from /proc/PID/cmdline) contains {@code argument}, or with
     * {@code exact}, has it as an argument of its own (the sleep itself, not a shell about to start it).
     */
    static List<ProcessHandle> running(String argument, boolean exact) {
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(e -> e.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(e -> {
                try {
                    String cmdline = new String(Files.readAllBytes(e.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (exact ? List.of(cmdline.split("\0")).contains(argument) : cmdline.contains(argument)) {
                        ProcessHandle.of(Long.parseLong(e.getFileName().toString()))
                                .filter(ProcessHandle::isAlive).ifPresent(found::add);
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited meanwhile
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /**
     * Whether {@code h} still runs: killTree() waits for the processes it killed to end or to be
     * zombies, which run nothing and which their parent (init, for an orphan) reaps in its own time.
     */
    static boolean running(ProcessHandle h) {
        return h.isAlive() && !ProcFs.zombie(h.pid());
    }

    static void awaitOutput(ManagedProcess p, String text) throws InterruptedException {
        assertThat(p.awaitStdout(text, Duration.ofSeconds(20))).as("waiting for '" + text + "'").isTrue();
    }
}
