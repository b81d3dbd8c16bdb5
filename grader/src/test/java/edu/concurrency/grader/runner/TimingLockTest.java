package edu.concurrency.grader.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TimingLock} between processes: gradings in other JVMs ({@link TimingLockHost}) take it,
 * and this JVM looks at the file's byte-range locks from outside with non-blocking
 * {@link FileChannel#tryLock(long, long, boolean)}.
 */
class TimingLockTest {
    @TempDir
    Path dir;
    private final List<Host> hosts = new ArrayList<>();

    @AfterEach
    void stopHosts() {
        hosts.forEach(h -> h.process.destroyForcibly());
    }

    @Test
    void sharedHoldersRunTogetherAndKeepOutOneThatWantsToBeAlone() throws Exception {
        Host first = host();
        Host second = host();
        first.send("share").awaitOk();
        second.send("share").awaitOk();
        assertThat(canLock(1, true)).as("a third shared holder is let in").isTrue();
        assertThat(canLock(1, false)).as("nobody is alone while others share").isFalse();

        Host third = host();
        third.send("alone");
        awaitTrue(() -> !canLock(0, false), "the grading waiting to be alone holds the turnstile");
        first.send("release").awaitOk();
        assertThat(third.answered()).as("still one shared holder left").isFalse();
        second.send("release").awaitOk();
        third.awaitOk();
        assertThat(canLock(1, true)).as("nobody shares while one is alone").isFalse();
        assertThat(canLock(0, false)).as("the turnstile is free again").isTrue();
        third.send("release").awaitOk();
        assertThat(canLock(1, false)).as("released").isTrue();
    }

    @Test
    void aGradingThatComesLaterWaitsForTheOneAlone() throws Exception {
        Host alone = host();
        alone.send("alone").awaitOk();
        Host later = host();
        later.send("share");
        awaitTrue(() -> !canLock(0, false), "the later grading waits in the turnstile");
        assertThat(later.answered()).isFalse();
        alone.send("release").awaitOk();
        later.awaitOk();
        assertThat(canLock(1, true)).isTrue();
        assertThat(canLock(1, false)).isFalse();
    }

    @Test
    void theKernelReleasesTheLockOfAKilledGrading() throws Exception {
        Host killed = host();
        killed.send("alone").awaitOk();
        assertThat(canLock(1, true)).isFalse();
        killed.process.destroyForcibly();
        assertThat(killed.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(canLock(1, false)).as("the lock of a process that died is free").isTrue();
    }

    @Test
    void noneCoordinatesWithNobody() throws Exception {
        Host other = host();
        other.send("alone").awaitOk();
        try (TimingLock none = TimingLock.none(); TimingLock.Alone alone = none.alone()) {
            assertThat(alone.waitedMillis()).isZero();
            assertThat(none.share()).isZero();
        }
    }

    private Path file() {
        return dir.resolve("timing.lock");
    }

    /** Whether bytes {@code position} of the lock file can be locked now, looked at from this JVM. */
    private boolean canLock(long position, boolean shared) {
        try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock(position, 1, shared)) {
            return lock != null;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls a condition that another process brings about; fails after 30 s. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(until);
            Thread.sleep(20); // polling another process's state; there is no event to wait for
        }
    }

    private Host host() throws IOException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TimingLockHost.class.getName(), file().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Host host = new Host(process, new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8),
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        hosts.add(host);
        return host;
    }

    private record Host(Process process, PrintWriter in, BufferedReader out) {
        Host send(String command) {
            in.println(command);
            return this;
        }

        void awaitOk() throws IOException {
            assertThat(out.readLine()).startsWith("ok");
        }

        boolean answered() throws IOException {
            return out.ready();
        }
    }
}
