package edu.concurrency.grader.process;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child process started for a submission, with everything it may spawn under control.
 *
 * <ul>
 *   <li>On Linux it runs in a new session and process group ({@code setsid(1)}), so that
 *       {@link #killTree()} reaches grandchildren even after their parent died.</li>
 *   <li>It carries the environment variable {@value #MARKER} with a value unique to this process;
 *       descendants inherit it, so {@link #killTree()} also finds processes that left the group
 *       (for example with their own {@code setsid}) by scanning {@code /proc/PID/environ}.</li>
 *   <li>stdin is empty; stdout and stderr are drained continuously and kept up to a byte limit
 *       (head and tail), see {@link CapturedOutput}.</li>
 * </ul>
 */
public final class ManagedProcess implements AutoCloseable {

    /** Name of the environment variable that tags every process of one managed tree. */
    public static final String MARKER = "CONCURRENCY_GRADER_TREE";

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final Process process;
    private final String marker;
    private final boolean ownGroup;
    private final BoundedCapture stdout;
    private final BoundedCapture stderr;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();

    private ManagedProcess(Process process, String marker, boolean ownGroup, int maxCapturedBytes) {
        this.process = process;
        this.marker = marker;
        this.ownGroup = ownGroup;
        this.stdout = new BoundedCapture(process.getInputStream(), maxCapturedBytes, "stdout-" + process.pid());
        this.stderr = new BoundedCapture(process.getErrorStream(), maxCapturedBytes, "stderr-" + process.pid());
    }

    /**
     * Starts {@code command}.
     *
     * @param command          the program and its arguments
     * @param workDir          the working directory
     * @param environment      variables added to the grader's environment
     * @param maxCapturedBytes how many bytes of the head, and of the tail, of each stream to keep
     * @return the running process
     * @throws IOException when the program cannot be started
     */
    public static ManagedProcess start(List<String> command, Path workDir, Map<String, String> environment,
                                       int maxCapturedBytes) throws IOException {
        return start(command, workDir, environment, maxCapturedBytes, null);
    }

    /**
     * Starts {@code command} and writes {@code input} to its stdin, then closes it.
     *
     * @param input bytes for stdin, or null for an empty stdin
     * @see #start(List, Path, Map, int)
     */
    public static ManagedProcess start(List<String> command, Path workDir, Map<String, String> environment,
                                       int maxCapturedBytes, byte[] input) throws IOException {
        boolean ownGroup = Files.isExecutable(SETSID);
        List<String> full = new ArrayList<>();
        if (ownGroup) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        String marker = UUID.randomUUID().toString();
        ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile());
        if (input == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        builder.environment().putAll(environment);
        builder.environment().put(MARKER, marker);
        Process process = builder.start();
        if (input != null) {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException exitedEarly) {
                // the process ended before reading its input: its exit code tells the story
            }
        }
        return new ManagedProcess(process, marker, ownGroup, maxCapturedBytes);
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits for the process to exit.
     *
     * @return true if it exited within {@code timeout}
     * @throws InterruptedException when the grader itself is interrupted
     */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit code; only valid after the process exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Whether the process itself is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Standard output so far (or all of it, once the process exited and its pipe closed). */
    public CapturedOutput stdout() {
        return process.isAlive() ? stdout.snapshot() : stdout.finish(1000);
    }

    /** Standard error so far (or all of it, once the process exited and its pipe closed). */
    public CapturedOutput stderr() {
        return process.isAlive() ? stderr.snapshot() : stderr.finish(1000);
    }

    /**
     * Processes of this tree that are still alive, other than the process itself: descendants,
     * members of its process group, and any process carrying its marker.
     */
    public List<ProcessHandle> survivors() {
        collect();
        return seen.stream().filter(ProcessHandle::isAlive).filter(h -> h.pid() != pid()).toList();
    }

    /**
     * Kills the process and everything it started (SIGKILL), and waits up to 5 s for them to die.
     *
     * @return descriptions ("pid command") of the processes other than the root that were still
     *         alive and had to be killed; empty when the tree was already gone
     */
    public List<String> killTree() {
        collect();
        List<String> killed = new ArrayList<>();
        for (ProcessHandle h : seen) {
            if (h.isAlive() && h.pid() != pid()) {
                killed.add(h.pid() + " " + h.info().commandLine().or(() -> h.info().command()).orElse("?"));
            }
        }
        if (ownGroup) {
            signalGroup();
        }
        process.destroyForcibly();
        seen.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (int round = 0; round < 3; round++) {
            collect(); // processes forked while we were killing
            seen.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle h : seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception stillAlive) {
                    // retried in the next round
                }
            }
        }
        try {
            process.waitFor(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stdout.finish(500);
        stderr.finish(500);
        return killed;
    }

    /** Same as {@link #killTree()}. */
    @Override
    public void close() {
        killTree();
    }

    private void collect() {
        process.toHandle().descendants().forEach(seen::add);
        markedProcesses().forEach(seen::add);
    }

    private void signalGroup() {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): destroyForcibly on every known process still applies
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Stream<ProcessHandle> markedProcesses() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return Stream.empty();
        }
        byte[] needle = (MARKER + "=" + marker).getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(proc)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> {
                        try {
                            byte[] env = Files.readAllBytes(proc.resolve(name).resolve("environ"));
                            if (contains(env, needle)) {
                                ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
                            }
                        } catch (IOException | RuntimeException gone) {
                            // exited meanwhile, or not ours to read
                        }
                    });
        } catch (IOException e) {
            return Stream.empty();
        }
        return found.stream();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (i > 0 && haystack[i - 1] != 0) {
                continue; // environment entries are NUL-separated; match whole entries only
            }
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            int end = i + needle.length;
            if (end == haystack.length || haystack[end] == 0) {
                return true;
            }
        }
        return false;
    }
}
