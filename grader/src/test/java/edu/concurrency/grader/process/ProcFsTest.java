package edu.concurrency.grader.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcFsTest {

    @Test
    void anEnvironmentEntryMatchesOnlyAsAWholeEntry() {
        byte[] environ = "A=1\0MARK=abc\0XMARK=zzz\0B=2".getBytes(StandardCharsets.UTF_8);
        assertThat(ProcFs.indexOfEntry(environ, bytes("MARK=abc"), true)).isEqualTo(4);
        assertThat(ProcFs.indexOfEntry(environ, bytes("MARK=ab"), true)).as("a prefix of the value").isEqualTo(-1);
        assertThat(ProcFs.indexOfEntry(environ, bytes("MARK=zzz"), true)).as("inside another name").isEqualTo(-1);
        assertThat(ProcFs.indexOfEntry(environ, bytes("B=2"), true)).as("the last entry").isEqualTo(23);
        assertThat(ProcFs.indexOfEntry(environ, bytes("XMARK="), false)).as("a name, any value").isEqualTo(13);
    }

    @Test
    void readsARunningProcessAndAnswersUnknownForAGoneOne() throws Exception {
        assumeTrue(ProcFs.available(), "no /proc on this machine");
        ProcessBuilder builder = new ProcessBuilder("sleep", "60");
        builder.environment().put("PROC_FS_TEST", "here");
        Process sleep = builder.start();
        try {
            long pid = sleep.pid();
            assertThat(ProcFs.hasEnvironmentEntry(pid, "PROC_FS_TEST", "here")).isTrue();
            assertThat(ProcFs.hasEnvironmentEntry(pid, "PROC_FS_TEST", "her")).isFalse();
            assertThat(ProcFs.hasVariable(pid, "PROC_FS_TEST")).isTrue();
            assertThat(ProcFs.arguments(pid)).containsExactly("sleep", "60");
            assertThat(ProcFs.state(pid)).isPresent();
            assertThat(ProcFs.zombie(pid)).isFalse();
            assertThat(ProcFs.dying(pid)).as("a running process is not dying").isFalse();
            assertThat(ProcFs.statFields(pid).orElseThrow()[2]).as("the process group").matches("\\d+");
        } finally {
            sleep.destroyForcibly();
            assertThat(sleep.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ProcFs.state(sleep.pid())).as("reaped: no /proc entry").isEmpty();
        assertThat(ProcFs.arguments(sleep.pid())).isEmpty();
        assertThat(ProcFs.hasVariable(sleep.pid(), "PROC_FS_TEST")).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anExitedChildThatNobodyReapedIsDying() throws Exception {
        // sh starts a short sleep and replaces itself with a long one, which never waits for the short one
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 60").start();
        try {
            ProcessHandle child = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && (child == null || !ProcFs.zombie(child.pid()))) {
                child = parent.toHandle().children().findFirst().orElse(null);
                Thread.onSpinWait();
            }
            assertThat(child).as("the short sleep, exited and not reaped").isNotNull();
            assertThat(ProcFs.dying(child.pid())).isTrue();
            assertThat(ProcFs.dying(parent.pid())).isFalse();
        } finally {
            parent.destroyForcibly();
            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
