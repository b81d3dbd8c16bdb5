package edu.concurrency.grader.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code grade} on one submission in a child JVM of its own, exactly as an instructor would on
 * the command line: the same isolation, limits and reports, the same timing lock (a file lock
 * between processes, so performance criteria and jcstress of one grading never overlap another
 * grading's work), a grader crash or OutOfMemoryError confined to one submission. The child gets
 * {@code --exit-with-parent}: if the batch is killed, even with SIGKILL, the child notices within
 * a second and ends, killing everything it started.
 *
 * <p>The child works in a folder of its own ({@code WORK/cwd}) and writes its reports to
 * {@code WORK/report}; its console goes to {@code WORK/console.txt}.
 */
public final class ChildGrading {
    /** How long a child gets to end its process trees after SIGTERM before it is killed. */
    private static final Duration TERMINATE_WAIT = Duration.ofSeconds(30);
    /** How much of the child's console a grader-error cause quotes, in characters. */
    private static final int CAUSE_CHARS = 300;

    private final List<String> gradeCommand;
    private final Duration timeout;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    /**
     * @param gradeCommand the command up to and including {@code grade} (java, JVM options, class
     *                     path, main class, {@code grade}); the submission, the report folder and
     *                     {@code gradeOptions} follow
     * @param timeout      how long a child may take before it is stopped (its own limits end it far earlier)
     */
    public ChildGrading(List<String> gradeCommand, Duration timeout) {
        this.gradeCommand = List.copyOf(gradeCommand);
        this.timeout = timeout;
    }

    /**
     * The outcome of one child.
     *
     * @param exitCode the child's exit code; -1 when it had to be stopped
     * @param reportDir where it wrote its reports
     * @param console  the end of what it printed
     * @param seconds  its wall time, in s
     */
    public record Outcome(int exitCode, Path reportDir, String console, double seconds) {
        /** The end of the console, for a cause. */
        public String consoleTail() {
            String text = console.strip();
            return text.length() <= CAUSE_CHARS ? text : "..." + text.substring(text.length() - CAUSE_CHARS);
        }
    }

    /**
     * Grades {@code submission} into {@code work}.
     *
     * @param gradeOptions options of {@code grade} ({@code --only}, limits ...)
     * @throws IOException          when the child cannot be started
     * @throws InterruptedException when the batch is interrupted (the child is stopped first)
     */
    public Outcome grade(Path submission, Path work, List<String> gradeOptions) throws IOException, InterruptedException {
        Path cwd = Files.createDirectories(work.resolve("cwd"));
        Path reports = work.resolve("report");
        Path console = work.resolve("console.txt");
        List<String> command = new ArrayList<>(gradeCommand);
        command.addAll(List.of(submission.toAbsolutePath().toString(), "--report-dir", reports.toAbsolutePath().toString(),
                "--exit-with-parent"));
        command.addAll(gradeOptions);
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(console.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        running.add(child);
        int exit;
        try {
            child.getOutputStream().close();
            if (child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = child.exitValue();
            } else {
                stop(child);
                exit = -1;
            }
        } catch (InterruptedException e) {
            stop(child);
            throw e;
        } finally {
            running.remove(child);
        }
        String text = Files.readString(console, StandardCharsets.UTF_8);
        return new Outcome(exit, reports, text, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Stops every child still running: SIGTERM, so that each kills its process trees (its shutdown
     * hook), then SIGKILL after {@link #TERMINATE_WAIT}. For the batch's own shutdown.
     */
    public void stopAll() {
        List<Process> children = List.copyOf(running);
        children.forEach(Process::destroy);
        long deadline = System.nanoTime() + TERMINATE_WAIT.toNanos();
        for (Process p : children) {
            try {
                if (!p.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void stop(Process child) throws InterruptedException {
        child.destroy();
        if (!child.waitFor(TERMINATE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            child.destroyForcibly();
            child.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
