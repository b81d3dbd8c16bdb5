package edu.concurrency.grader.jcstress;

import edu.concurrency.grader.process.ManagedProcess;
import edu.concurrency.grader.process.ParentWatch;
import edu.concurrency.grader.sandbox.Confinement;
import edu.concurrency.grader.sandbox.Sandbox;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What jcstress learns about the JVM before its first test (which flags it accepts: about 25 JVM
 * starts, 5-10 s), found once per grading in the background while the submission's suites run,
 * and handed to every jcstress invocation of the grading so that none probes again.
 *
 * <p>Runs {@code java -cp HOST:PROBES.jar edu.concurrency.grader.jcstress.JcstressHost --detect}
 * (the launcher behind the watch on the grader, see {@link JcstressHost}): the JDK that will run
 * the probes, and jcstress's classes only, none of the submission's. The line it
 * prints ({@code jcstress-vm-state: BASE64}) is passed on as {@code --vm-state BASE64}. When the
 * probing fails or is not done in time, the invocation probes for itself as jcstress always does:
 * slower, never wrong. With a {@link JvmStateCache} ({@link #cachedOrStart}) the findings of an
 * earlier grading on the same JDK are used instead, and the probe does not run at all.
 */
public final class JvmProbe implements AutoCloseable {
    private static final Pattern STATE = Pattern.compile("^jcstress-vm-state: ([A-Za-z0-9+/=]+)$", Pattern.MULTILINE);
    private static final int MAX_CAPTURED_BYTES = 64 * 1024;

    private final ManagedProcess process;
    /** Receives what the probe found (to keep it for the next grading). */
    private final Consumer<String> onFound;
    private Optional<String> state;

    private JvmProbe(ManagedProcess process, Consumer<String> onFound) {
        this.process = process;
        this.onFound = onFound;
    }

    private static JvmProbe done(Optional<String> state) {
        JvmProbe done = new JvmProbe(null, found -> { });
        done.state = state;
        return done;
    }

    /** A probe that found nothing: every invocation probes for itself. */
    public static JvmProbe none() {
        return done(Optional.empty());
    }

    /**
     * What an earlier grading found for the same JDK and probes jar, or else a probe started in the
     * background (see {@link #start}) whose findings are kept in {@code cache} for the next grading.
     *
     * @param java      the {@code java} launcher that will run the probes
     * @param probesJar the shaded probes jar
     * @param dir       a working directory of the probe's own (created when the probe runs)
     * @param sandbox   where the probe runs (see {@link #start(Path, Path, Path, Sandbox)})
     * @param cache     the findings of earlier gradings
     * @return a probe whose {@link #state} answers at once when the cache held an entry
     */
    public static JvmProbe cachedOrStart(Path java, Path probesJar, Path dir, Sandbox sandbox, JvmStateCache cache) {
        Optional<String> cached = cache.find(java, probesJar);
        if (cached.isPresent()) {
            return done(cached);
        }
        JvmProbe started = start(java, probesJar, dir, sandbox);
        return started.process == null ? started
                : new JvmProbe(started.process, found -> cache.store(java, probesJar, found));
    }

    /**
     * Starts probing the JVM in the background.
     *
     * @param java      the {@code java} launcher that will run the probes
     * @param probesJar the shaded probes jar
     * @param dir       a working directory of the probe's own (created)
     * @return the running probe; {@link #none()} when it cannot be started
     */
    public static JvmProbe start(Path java, Path probesJar, Path dir) {
        return start(java, probesJar, dir, Sandbox.none());
    }

    /**
     * Starts probing the JVM in the background, in {@code sandbox}: jcstress's host JVM must run in
     * the same one (what the probe finds names files, such as JNA's library in the home).
     *
     * @see #start(Path, Path, Path)
     */
    public static JvmProbe start(Path java, Path probesJar, Path dir, Sandbox sandbox) {
        Objects.requireNonNull(java, "java");
        try {
            Files.createDirectories(dir);
            String classPath = JcstressRunner.hostClasses(dir.resolve("host")) + File.pathSeparator + probesJar.toAbsolutePath();
            return new JvmProbe(ManagedProcess.startConfined(List.of(java.toString(), ParentWatch.property(), "-cp",
                    classPath, JcstressHost.class.getName(), "--detect"), dir, Map.of(), MAX_CAPTURED_BYTES, null,
                    new Confinement(sandbox, List.of(probesJar), List.of(dir))), found -> { });
        } catch (IOException e) {
            return none();
        }
    }

    /**
     * The findings, waiting at most {@code wait} for the probe to finish; a probe still running
     * then is killed and found nothing.
     *
     * @return the Base64 state to pass as {@code --vm-state}, or empty
     * @throws InterruptedException when interrupted while waiting; the probe is killed first
     */
    public synchronized Optional<String> state(Duration wait) throws InterruptedException {
        if (state == null) {
            boolean finished = false;
            try {
                finished = process.waitFor(wait);
            } finally {
                process.killTree();
            }
            Matcher found = STATE.matcher(process.stdout().text());
            state = finished && process.exitValue() == 0 && found.find() ? Optional.of(found.group(1)) : Optional.empty();
            state.ifPresent(onFound);
        }
        return state;
    }

    /** Kills the probe if it still runs. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.killTree();
        }
    }
}
