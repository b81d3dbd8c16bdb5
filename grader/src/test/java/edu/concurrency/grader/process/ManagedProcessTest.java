package edu.concurrency.grader.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

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
        assertThat(before).noneMatch(ProcessHandle::isAlive);
        assertThat(p.isAlive()).isFalse();
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
            assertThat(ours).noneMatch(ProcessHandle::isAlive);
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
            assertThat(before).noneMatch(ProcessHandle::isAlive);
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

    private static void awaitOutput(ManagedProcess p, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!p.stdout().text().contains(text)) {
            assertThat(System.nanoTime()).as("waiting for '" + text + "'").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
