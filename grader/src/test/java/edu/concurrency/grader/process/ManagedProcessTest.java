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
