package edu.concurrency.grader.suites.pipeline;

import edu.concurrency.pipeline.Stage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The grader acting as the parent of one {@code WorkerMain} process, line by line: it writes
 * requests to the worker's stdin and reads its stdout on a thread of its own (so the grader
 * itself can never deadlock on a pipe), and drains stderr into a bounded buffer.
 *
 * <p>{@code ManagedProcess} cannot be used here: it gives its process an empty stdin and no way
 * to read stdout line by line while the process runs. The worker is a direct child of this JVM;
 * {@link #close()} kills it and everything it started.
 */
final class WorkerConversation implements AutoCloseable {
    /** stderr bytes kept (the head): enough for a stack trace. */
    private static final int STDERR_KEPT = 64 * 1024;
    private static final String EOF = "\u0000EOF";
    /** How the failure of {@link #nextLine} begins when the worker wrote nothing in time (its stdin open). */
    static final String SILENT = "Missing flush or a hang";

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread reader;
    private final Thread drainer;
    private final String stageName;
    private long stderrTotal;

    private WorkerConversation(Process process, String stageName) {
        this.process = process;
        this.stageName = stageName;
        this.stdin = process.getOutputStream();
        this.reader = new Thread(this::readStdout, "grader-worker-stdout");
        this.drainer = new Thread(this::drainStderr, "grader-worker-stderr");
        reader.setDaemon(true);
        drainer.setDaemon(true);
        reader.start();
        drainer.start();
    }

    /** The command a contract-abiding pipeline uses to start a worker for {@code stage}. */
    static List<String> command(Class<? extends Stage> stage) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "edu.concurrency.pipeline.WorkerMain", stage.getName());
    }

    /** Starts {@code WorkerMain} for {@code stage}, as a pipeline would. */
    static WorkerConversation start(Class<? extends Stage> stage) throws IOException {
        return new WorkerConversation(new ProcessBuilder(command(stage)).start(), stage.getSimpleName());
    }

    /** The worker's pid. */
    long pid() {
        return process.pid();
    }

    /** Writes one line (a line end is added) and flushes it. */
    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Closes the worker's stdin: end of file for it. */
    void closeStdin() throws IOException {
        stdin.close();
    }

    /**
     * The next line the worker wrote on stdout.
     *
     * @param timeout     how long to wait
     * @param whatIsAwaited for the failure message, e.g. {@code "the response to request 1\thello"}
     * @throws AssertionError if the worker wrote nothing within {@code timeout} (hang), or closed
     *                        its stdout (exited)
     */
    String nextLine(Duration timeout, String whatIsAwaited) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new AssertionError(SILENT + ": the worker (WorkerMain " + stageName + ") wrote no line on"
                    + " stdout within " + timeout.toSeconds() + " s while awaiting " + whatIsAwaited
                    + ", and its stdin is still open. A worker must write each response at once and flush stdout"
                    + " after it. The worker is " + Procs.activity(process.pid()) + "." + stderrHint());
        }
        if (line.equals(EOF)) {
            lines.add(EOF);
            throw new AssertionError("The worker (WorkerMain " + stageName + ") closed its stdout" + exitDescription()
                    + " while awaiting " + whatIsAwaited + "." + stderrHint());
        }
        return line;
    }

    /**
     * Waits for the worker to exit.
     *
     * @return its exit status, or null if it still runs after {@code timeout}
     */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS) ? process.exitValue() : null;
    }

    /** The lines written on stdout and not read yet (waits up to {@code timeout} for the end of stdout). */
    List<String> remainingLines(Duration timeout) throws InterruptedException {
        reader.join(Math.max(1, timeout.toMillis()));
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        rest.remove(EOF);
        return rest;
    }

    /** What the worker wrote on stderr so far (the first 64 KiB). */
    String stderr() throws InterruptedException {
        if (!process.isAlive()) {
            drainer.join(2000);
        }
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    private String stderrHint() {
        String err;
        synchronized (stderr) {
            err = stderr.toString(StandardCharsets.UTF_8).strip();
        }
        if (err.isEmpty()) {
            return "";
        }
        List<String> first = err.lines().limit(6).toList();
        return " Its stderr begins: " + String.join(" | ", first);
    }

    private String exitDescription() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return " and exited with status " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    private void readStdout() {
        try (InputStream out = process.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = out.read(); b >= 0; b = out.read()) {
                if (b == '\n') {
                    lines.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            if (line.size() > 0) {
                lines.add(line.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException closed) {
            // killed
        } finally {
            lines.add(EOF);
        }
    }

    private void drainStderr() {
        byte[] buffer = new byte[8192];
        try (InputStream err = process.getErrorStream()) {
            for (int n = err.read(buffer); n >= 0; n = err.read(buffer)) {
                synchronized (stderr) {
                    stderrTotal += n;
                    int keep = (int) Math.min(n, Math.max(0, STDERR_KEPT - stderr.size()));
                    stderr.write(buffer, 0, keep);
                }
            }
        } catch (IOException closed) {
            // killed
        }
    }

    /** Kills the worker and every process it started, and waits for them to be gone. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        Procs.killAndWait(all, Duration.ofSeconds(5));
        try {
            reader.join(2000);
            drainer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
