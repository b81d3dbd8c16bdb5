package edu.concurrency.grader.jcstress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget caps a jcstress run: nothing starts once it is used up, and an invocation is cut at
 * the budget rather than at its own (longer) timeout. A stand-in "java" that only sleeps plays
 * jcstress, so no JVM is started.
 */
@EnabledOnOs(OS.LINUX)
class JcstressBudgetTest {
    @TempDir
    Path dir;

    private Path sleepingJava() throws Exception {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nexec sleep 120\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    @Test
    void aUsedUpBudgetStartsNothing() throws Exception {
        Path probes = Files.writeString(dir.resolve("probes.jar"), "not a jar");
        long start = System.nanoTime();
        Map<String, ProbeVerdict> verdicts = new JcstressRunner(sleepingJava(), probes, Duration.ofSeconds(60),
                Duration.ofNanos(1)).run(List.of(dir), List.of("a.Probe", "b.Probe"), dir.resolve("work"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(verdicts.values()).allMatch(v -> v.outcome() == ProbeVerdict.Outcome.ERROR
                && v.summary().startsWith(JcstressRunner.NOT_RUN));
        assertThat(dir.resolve("work/jcstress")).doesNotExist();
    }

    @Test
    void anInvocationIsCutAtTheBudgetNotAtItsTimeout() throws Exception {
        Path probes = Files.writeString(dir.resolve("probes.jar"), "not a jar");
        long start = System.nanoTime();
        Map<String, ProbeVerdict> verdicts = new JcstressRunner(sleepingJava(), probes, Duration.ofSeconds(60),
                Duration.ofSeconds(2)).run(List.of(dir), List.of("a.Probe", "b.Probe"), dir.resolve("work"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(20));
        assertThat(verdicts).containsOnlyKeys("a.Probe", "b.Probe");
        assertThat(verdicts.values()).allMatch(v -> v.outcome() == ProbeVerdict.Outcome.ERROR
                && v.summary().startsWith(JcstressRunner.NOT_FINISHED));
    }
}
