package edu.concurrency.grader.process;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.sandbox.Confinement;
import edu.concurrency.grader.sandbox.Sandbox;
import edu.concurrency.grader.sandbox.SandboxMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a process started in the bubblewrap sandbox can no longer do, each proven both ways: with
 * the sandbox blocked, without it done (what the grader reports today). Skipped where bwrap does
 * not run; CI installs it.
 */
@EnabledOnOs(OS.LINUX)
class SandboxedProcessTest {
    private static Sandbox sandbox;

    @BeforeAll
    static void bwrap() {
        Sandbox.Choice choice = Sandbox.choose(SandboxMode.AUTO);
        Assumptions.assumeTrue(choice.sandbox().active(), choice.note());
        sandbox = choice.sandbox();
    }

    /** Runs {@code script} with sh in {@code own}, in the sandbox or not, and returns its stdout once it ended. */
    private static ManagedProcess run(boolean sandboxed, Path own, String script, List<Path> readOnly) throws Exception {
        Confinement confinement = sandboxed ? new Confinement(sandbox, readOnly, List.of(own)) : Confinement.NONE;
        ManagedProcess p = ManagedProcess.start(List.of("/bin/sh", "-c", script), own, Map.of(), 64 * 1024, null,
                false, true, confinement);
        assertThat(p.waitFor(Duration.ofSeconds(30))).as("the script ends").isTrue();
        return p;
    }

    @ParameterizedTest(name = "sandboxed: {0}")
    @ValueSource(booleans = {false, true})
    void aCanaryInTheGradersHomeCannotBeRead(boolean sandboxed, @TempDir Path own) throws Exception {
        String secret = "canary-" + UUID.randomUUID();
        Path canary = Path.of(System.getProperty("user.home"), ".concurrency-grader-canary-" + UUID.randomUUID());
        Files.writeString(canary, secret);
        try (ManagedProcess p = run(sandboxed, own, "cat '" + canary + "'; ls -a ~; echo done", List.of())) {
            String out = p.stdout().text() + p.stderr().text();
            assertThat(out).contains("done");
            if (sandboxed) {
                assertThat(out).doesNotContain(secret);
                assertThat(p.stdout().text()).as("ls -a of the home").doesNotContain(canary.getFileName().toString());
            } else {
                assertThat(out).contains(secret);
            }
        } finally {
            Files.deleteIfExists(canary);
        }
    }

    @ParameterizedTest(name = "sandboxed: {0}")
    @ValueSource(booleans = {false, true})
    void filesOutsideItsDirectoryCanBeNeitherWrittenNorDeleted(boolean sandboxed, @TempDir Path own, @TempDir Path grader)
            throws Exception {
        Path victim = Files.writeString(grader.resolve("rubric.yaml"), "hidden: true");
        Path planted = grader.resolve("planted.txt");
        Path classes = Files.createDirectories(grader.resolve("classes"));
        Path readable = Files.writeString(classes.resolve("A.class"), "bytes");
        try (ManagedProcess p = run(sandboxed, own, "rm -f '" + victim + "'; echo x > '" + planted + "'; echo x > '"
                + readable + "'; cat '" + readable + "'; echo mine > own.txt; echo done", List.of(classes))) {
            assertThat(p.stdout().text()).contains("done");
            assertThat(own.resolve("own.txt")).as("its own directory is writable").hasContent("mine");
            assertThat(Files.exists(victim)).as("the grader's file survives").isEqualTo(sandboxed);
            assertThat(Files.exists(planted)).as("a file planted beside it").isEqualTo(!sandboxed);
            assertThat(readable).as("a read-only class file").hasContent(sandboxed ? "bytes" : "x");
        }
    }

    @ParameterizedTest(name = "sandboxed: {0}")
    @ValueSource(booleans = {false, true})
    void aPortOnTheHostsLoopbackCannotBeReachedButItsOwnLoopbackWorks(boolean sandboxed, @TempDir Path own)
            throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(2000);
            Thread acceptor = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("hello-from-host\n".getBytes());
                } catch (Exception none) {
                    // the sandboxed client never came
                }
            });
            acceptor.start();
            // bash's /dev/tcp opens a TCP connection; refused (not unreachable) in the sandbox: its own loopback is up
            String script = "bash -c 'cat < /dev/tcp/127.0.0.1/" + server.getLocalPort() + "' ; echo done";
            try (ManagedProcess p = run(sandboxed, own, script, List.of())) {
                String out = p.stdout().text();
                assertThat(out).contains("done");
                if (sandboxed) {
                    assertThat(out).doesNotContain("hello-from-host");
                    assertThat(p.stderr().text()).containsIgnoringCase("connection refused");
                } else {
                    assertThat(out).contains("hello-from-host");
                }
            }
            acceptor.join();
        }
    }

    /**
     * An orphan that left its session, cleared its environment and changed its directory escapes
     * every means of the grader's without a cgroup ({@code ManagedProcessTest}); in the sandbox it
     * dies with it, without a cgroup too.
     */
    @Test
    void anOrphanThatLeftItsSessionAndDirectoryDiesWithTheSandboxWithoutACgroup(@TempDir Path own) throws Exception {
        String tag = ManagedProcessTest.escapeTag();
        Confinement confinement = new Confinement(sandbox, List.of(), List.of(own));
        try (ManagedProcess p = ManagedProcess.start(List.of("/bin/sh", "-c", "(cd / && env -i setsid sh -c 'exec sleep "
                + tag + "' </dev/null >/dev/null 2>&1 &); echo started; exec sleep 600"), own, Map.of(), 4096, null, false,
                false, confinement)) {
            assertThat(p.cgroupDirectory()).isEmpty();
            ManagedProcessTest.awaitOutput(p, "started");
            List<ProcessHandle> escapees = ManagedProcessTest.awaitEscapee(tag);
            assertThat(escapees).as("the escapee runs").isNotEmpty();
            p.killTree();
            for (ProcessHandle escapee : escapees) {
                escapee.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(ManagedProcessTest.running(tag, true)).as("survivors of the sandbox").isEmpty();
        } finally {
            ManagedProcessTest.running(tag, true).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theEnvironmentIsReducedAndTheMainPidIsTheCommandsOwn(@TempDir Path own) throws Exception {
        try (ManagedProcess p = ManagedProcess.start(List.of("/bin/sh", "-c", "env; echo pid=$$; echo started; exec sleep 600"),
                own, Map.of("GRADER_EXPLICIT", "1", "GITHUB_TOKEN", "x"), 64 * 1024, null, false, true,
                new Confinement(sandbox, List.of(), List.of(own)))) {
            awaitOutputOf(p);
            String names = p.stdout().text().lines().filter(l -> l.contains("=") && !l.startsWith("pid="))
                    .map(l -> l.substring(0, l.indexOf('='))).sorted().distinct().reduce("", (a, b) -> a + b + " ");
            assertThat(names.split(" ")).allMatch(n -> n.matches(
                    "PATH|HOME|USER|LOGNAME|LANG|LANGUAGE|LC_[A-Z_]+|TZ|TERM|PWD|SHLVL|_|GRADER_EXPLICIT|"
                            + ManagedProcess.MARKER + "(_[0-9a-f]+)?"), names);
            assertThat(names).contains("GRADER_EXPLICIT").doesNotContain("GITHUB_TOKEN");
            assertThat(p.mainPid()).as("the command's pid, not bwrap's").isNotEqualTo(p.pid());
            assertThat(ProcessHandle.of(p.mainPid()).flatMap(h -> h.info().command()).orElse(""))
                    .as("the main process as the grader sees it").endsWith("sleep");
            assertThat(p.survivors()).as("bwrap and the command are not leftovers").isEmpty();
            assertThat(p.killTree()).as("nor reported as killed leftovers").isEmpty();
        }
    }

    private static void awaitOutputOf(ManagedProcess p) throws InterruptedException {
        ManagedProcessTest.awaitOutput(p, "started");
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(p.mainPid()).flatMap(h -> h.info().command()).filter(c -> c.endsWith("sleep")).isEmpty()
                && System.nanoTime() < until) {
            Thread.sleep(10); // the exec of sleep follows the echo at once
        }
    }
}
