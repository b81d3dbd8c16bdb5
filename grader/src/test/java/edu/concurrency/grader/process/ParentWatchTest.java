package edu.concurrency.grader.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentWatchTest {

    @Test
    void aJvmWhoseParentIsKilledWithSigkillEndsItselfAndWhatItStarted() throws Exception {
        String tag = "612." + ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the shell is the parent: it starts the watching JVM and waits for it, as a grader waits for its fork
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "\"$0\" -cp \"$1\" " + ParentWatchHost.class.getName() + " & wait",
                java, System.getProperty("java.class.path")).redirectErrorStream(true);
        builder.environment().put("SLEEP_TAG", tag);
        Process parent = builder.start();
        ProcessHandle watcher = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).startsWith("watching ");
            watcher = ProcessHandle.of(Long.parseLong(line.substring("watching ".length()))).orElseThrow();
            assertThat(sleeps(tag)).as("the watcher's child runs").hasSize(1);
            assertThat(watcher.isAlive()).isTrue();

            parent.destroyForcibly(); // SIGKILL: no shutdown hook, no signal to the children
            assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

            watcher.onExit().get(10, TimeUnit.SECONDS); // ends within a period or two of the watch (0.5 s)
            assertThat(watcher.isAlive()).isFalse();
            assertThat(sleeps(tag)).as("what the watcher started is killed with it").isEmpty();
        } finally {
            parent.destroyForcibly();
            if (watcher != null) {
                watcher.destroyForcibly();
            }
            sleeps(tag).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aParentThatDiedBeforeTheWatchBeganIsSeenToo() throws Exception {
        // the parent the starter named (the property) is not this JVM's parent: as if it died while the JVM started
        String tag = "613." + ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + ParentWatch.PARENT_PROPERTY + "=" + Long.MAX_VALUE, "-cp", System.getProperty("java.class.path"),
                ParentWatchHost.class.getName()).redirectErrorStream(true);
        builder.environment().put("SLEEP_TAG", tag);
        Process host = builder.start();
        try {
            assertThat(host.waitFor(20, TimeUnit.SECONDS)).as("the JVM ends itself").isTrue();
            assertThat(host.exitValue()).isEqualTo(94);
            assertThat(sleeps(tag)).isEmpty();
        } finally {
            host.destroyForcibly();
            sleeps(tag).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theStarterNamesItselfAsTheParent() {
        assertThat(ParentWatch.property()).isEqualTo("-Dconcurrency.grader.parent=" + ProcessHandle.current().pid());
    }

    private static List<ProcessHandle> sleeps(String tag) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> !ProcFs.zombie(h.pid()))
                .filter(h -> h.info().commandLine().map(c -> c.contains("sleep " + tag)).orElse(false)).toList();
    }
}
