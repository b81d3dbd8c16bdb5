package edu.concurrency.grader.suites.pipeline;

import edu.concurrency.grader.fork.HangError;
import edu.concurrency.grader.process.ManagedProcess;
import edu.concurrency.grader.suites.support.GradingEnvironment;
import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.grader.suites.support.Worker;
import edu.concurrency.grader.suites.support.Workers;
import edu.concurrency.pipeline.PipelineException;
import edu.concurrency.pipeline.ProcessPipeline;
import edu.concurrency.pipeline.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.TestReporter;

/**
 * The fixture of one pipeline check: runs every call of submission code on a named thread with a
 * deadline, turns a hang into a failure that says what each worker process and each thread of the
 * pipeline is doing, and cleans up afterwards whatever the check or the submission left behind.
 *
 * <p>Use it with try-with-resources. On {@link #close()} it closes the pipelines it opened (with
 * a deadline), kills every process the submission started that is still running (grandchildren
 * and orphans included, as recorded by a {@link ProcessWatch}) and publishes them as the entry
 * {@code leftover processes}; only the close criterion fails because of leftovers, so that one
 * bug costs one criterion.
 */
final class PipelineHarness implements AutoCloseable {
    /** The exercise's package. */
    static final String PACKAGE = "edu.concurrency.pipeline";

    final GradingEnvironment env = GradingEnvironment.current();
    final Workers workers = new Workers(PACKAGE);
    final ProcessWatch watch;
    private final TestReporter reporter;
    private final List<ProcessPipeline> pipelines = new ArrayList<>();
    private final Set<Long> killedByTheGrader = new HashSet<>();
    private final Set<Long> startedByTheGrader = new HashSet<>();
    private final List<Path> scratch = new ArrayList<>();
    private boolean deathsExpected;
    private boolean hung;

    /** A fixture that records every process the check starts (see {@link ProcessWatch}). */
    PipelineHarness(TestReporter reporter) {
        this(reporter, true);
    }

    /**
     * A fixture.
     *
     * @param watchProcesses false for timing checks: no scans of the process table meanwhile;
     *                       leftovers are then found among the descendants only
     */
    PipelineHarness(TestReporter reporter, boolean watchProcesses) {
        this.reporter = reporter;
        this.watch = watchProcesses ? new ProcessWatch() : null;
    }

    /** {@code seconds} scaled by the timeout factor. */
    Duration seconds(double seconds) {
        return env.scaled(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** A scratch directory, deleted on close. */
    Path tempDir() throws IOException {
        Path dir = Files.createTempDirectory("grader-pipeline-");
        scratch.add(dir);
        return dir;
    }

    /** Notes that the grader itself killed this worker, so that its death is not reported as a failure to start. */
    void killedByTheGrader(long pid) {
        killedByTheGrader.add(pid);
    }

    /** Notes a process the grader itself started (not the submission): left out of reports and counts. */
    void startedByTheGrader(long pid) {
        startedByTheGrader.add(pid);
    }

    /** The processes the submission started, as recorded so far. */
    List<ProcessWatch.Seen> submissionProcesses() {
        return watch.all().stream().filter(s -> !startedByTheGrader.contains(s.pid())).toList();
    }

    /** The check kills workers on purpose (a poison input): dead workers need no diagnosis. */
    void expectWorkerDeaths() {
        deathsExpected = true;
    }

    /**
     * Creates a pipeline on a thread of its own, with a deadline.
     *
     * @throws AssertionError on a hang
     * @throws Exception      whatever the constructor threw
     */
    ProcessPipeline open(Class<? extends Stage> stage, int workerCount) throws Exception {
        ProcessPipeline pipeline = workers.call(seconds(15), "Hang: new ProcessPipeline(" + stage.getSimpleName() + ", "
                + workerCount + ") did not return", () -> new ProcessPipeline(stage, workerCount));
        pipelines.add(pipeline);
        return pipeline;
    }

    /**
     * Calls {@code map} on a thread of its own and waits for its result.
     *
     * @param what   the call for messages, e.g. {@code "map of 1,024 inputs of 8 KiB"}
     * @param hazard what a hang means here: a headline naming the hazard, optionally followed by
     *               {@code ": "} and a hint, e.g. {@code "Pipe deadlock on stderr: drain it"}; the
     *               message is headline, what hung, hint, then the worker processes and the
     *               pipeline's threads. A "Pipe deadlock" headline is used only if a pipe is full.
     * @return the outputs
     * @throws AssertionError on a hang, or when map throws (the exception is the cause)
     */
    List<String> map(ProcessPipeline pipeline, List<String> inputs, Duration timeout, String what, String hazard)
            throws Exception {
        Worker<List<String>> caller = workers.start("caller", () -> pipeline.map(inputs));
        if (!caller.await(timeout)) {
            throw hang(hazard, what + " did not return within " + Threads.format(timeout), caller);
        }
        Throwable failure = caller.failure();
        if (failure == null) {
            return caller.result();
        }
        if (failure instanceof UnsupportedOperationException && "TODO".equals(failure.getMessage())) {
            throw (UnsupportedOperationException) failure;
        }
        throw new AssertionError(what + " threw " + describe(failure) + ", but it should have returned "
                + inputs.size() + " outputs." + diagnoseDeadWorkers(), failure);
    }

    /**
     * Calls {@code map} expecting it to throw, with a deadline.
     *
     * @return what map threw, or null if it returned normally
     * @throws AssertionError on a hang
     */
    Throwable mapFailure(ProcessPipeline pipeline, List<String> inputs, Duration timeout, String what, String hazard)
            throws Exception {
        Worker<List<String>> caller = workers.start("caller", () -> pipeline.map(inputs));
        if (!caller.await(timeout)) {
            throw hang(hazard, what + " did not return within " + Threads.format(timeout), caller);
        }
        Throwable failure = caller.failure();
        if (failure instanceof UnsupportedOperationException && "TODO".equals(failure.getMessage())) {
            throw (UnsupportedOperationException) failure;
        }
        return failure;
    }

    /**
     * A failure for a call that hung: the hazard, what hung, then the state of every worker
     * process and of the pipeline's threads; the cause carries the stack of the first thread in
     * submission code, for the runner's file:line. The caller thread is interrupted.
     */
    HangError hang(String hazard, String what, Worker<?> caller) {
        List<Thread> threads = workers.liveThreads();
        int colon = hazard.indexOf(": ");
        String headline = colon < 0 ? hazard : hazard.substring(0, colon);
        String hint = colon < 0 ? "" : " " + Character.toUpperCase(hazard.charAt(colon + 2)) + hazard.substring(colon + 3) + ".";
        if (headline.startsWith(PIPE_DEADLOCK) && !pipeIsFull(threads)) {
            headline = "Hang"; // no pipe is full: something else blocks, and the report below says what
            hint = "";
        }
        StringBuilder text = new StringBuilder(headline).append(": ").append(what).append('.').append(hint);
        text.append(processReport()).append(idleWorkersHint());
        text.append(" Threads of the pipeline: ").append(Threads.describe(threads, PACKAGE)).append('.');
        text.append(diagnoseDeadWorkers());
        hung = true;
        Thread inSubmission = Threads.firstIn(threads, PACKAGE);
        HangError error = new HangError(text.toString(),
                inSubmission == null ? null : Threads.stackOf(inSubmission, PACKAGE));
        caller.thread().interrupt();
        return error;
    }

    /** The prefix of hazards that name a full pipe; {@link #hang} uses it only when a pipe is full. */
    static final String PIPE_DEADLOCK = "Pipe deadlock";

    /**
     * Whether a pipe is full right now: a worker process blocked writing to a pipe, or a thread of
     * the pipeline blocked writing to a worker's stdin.
     */
    private boolean pipeIsFull(List<Thread> threads) {
        List<Long> pids = watch != null ? submissionProcesses().stream().filter(ProcessWatch.Seen::running)
                .map(ProcessWatch.Seen::pid).toList()
                : Procs.runningDescendants().stream().map(ProcessHandle::pid).toList();
        if (pids.stream().anyMatch(pid -> Procs.activity(pid).startsWith("blocked writing"))) {
            return true;
        }
        for (Thread t : threads) {
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = 0; i < Math.min(3, stack.length); i++) {
                if (stack[i].getClassName().equals("java.io.FileOutputStream") && stack[i].getMethodName().startsWith("write")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** " Worker processes: pid 1 (...): blocked writing ...; pid 2 (...): not running." */
    String processReport() {
        if (watch == null) {
            return " Worker processes running: " + Procs.runningDescendants().stream()
                    .map(p -> Procs.describe(p.pid(), null) + ": " + Procs.activity(p.pid()))
                    .collect(Collectors.joining("; ")) + ".";
        }
        List<ProcessWatch.Seen> seen = submissionProcesses();
        if (seen.isEmpty()) {
            return " The pipeline started no process.";
        }
        List<String> activities = seen.stream().map(s -> s.running() ? Procs.activity(s.pid()) : "not running").toList();
        StringBuilder text = new StringBuilder(" Processes started: ");
        for (int i = 0; i < seen.size() && i < 8; i++) {
            text.append(i == 0 ? "" : "; ").append(seen.get(i).describe()).append(": ").append(activities.get(i));
        }
        text.append(seen.size() > 8 ? "; and " + (seen.size() - 8) + " more." : ".");
        return text.toString();
    }

    /** A hint for a hang in which every running worker waits for a request; empty otherwise. */
    private String idleWorkersHint() {
        if (watch == null) {
            return "";
        }
        List<String> running = submissionProcesses().stream().filter(ProcessWatch.Seen::running)
                .map(s -> Procs.activity(s.pid())).toList();
        if (!running.isEmpty() && running.stream().allMatch(a -> a.startsWith("waiting to read its stdin"))) {
            return " Every worker waits for a request while the parent waits for responses: a response may be stuck"
                    + " in a worker's output buffer (the worker must flush stdout after each response), or a request"
                    + " in the parent's (flush after writing requests).";
        }
        return "";
    }

    /**
     * For a worker that died although the grader did not kill it: runs its command again, with an
     * empty stdin, and reports its exit status and stderr (a worker that never starts, for
     * example because of a wrong class path or class name, says why on stderr).
     */
    String diagnoseDeadWorkers() {
        if (deathsExpected || watch == null) {
            return "";
        }
        ProcessWatch.Seen dead = watch.gone().stream()
                .filter(s -> !killedByTheGrader.contains(s.pid()) && !startedByTheGrader.contains(s.pid()))
                .filter(s -> s.commandLine().stream().anyMatch(a -> a.endsWith("WorkerMain")) || s.parent() == ProcessHandle.current().pid())
                .filter(s -> !s.commandLine().isEmpty())
                .findFirst().orElse(null);
        if (dead == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(" Worker ").append(dead.describe())
                .append(" is no longer running. The grader ran its command again with an empty stdin: ");
        try (ManagedProcess again = ManagedProcess.start(dead.commandLine(), Path.of(System.getProperty("user.dir")),
                Map.of(), 16 * 1024)) {
            startedByTheGrader(again.pid());
            if (!again.waitFor(seconds(10))) {
                return text.append("it was still running after 10 s.").toString();
            }
            String err = again.stderr().text().strip();
            text.append("it exited with status ").append(again.exitValue());
            if (err.isEmpty()) {
                text.append(" and wrote nothing on stderr");
                if (again.exitValue() == 0) {
                    text.append(" (so the command itself is fine: the worker died of something else)");
                }
            } else {
                text.append(" and wrote on stderr: ").append(err.lines().limit(5).collect(Collectors.joining(" | ")));
            }
            return text.append('.').toString();
        } catch (IOException e) {
            return text.append("it cannot be started: ").append(e.getMessage()).append('.').toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A throwable for a message: {@code PipelineException (index 3): input 3 failed: ...}. */
    static String describe(Throwable t) {
        String name = t.getClass().getSimpleName();
        if (t instanceof PipelineException p) {
            name += " (index " + p.index() + ")";
        }
        return t.getMessage() == null ? name : name + ": " + abbreviate(t.getMessage(), 300);
    }

    /** {@code text} cut to {@code max} characters. */
    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /** A string as a Java literal, so that tabs, line ends and backslashes are visible. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : abbreviate(s, 80).toCharArray()) {
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Formats a count with thousands separators: {@code 1,024}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Publishes a measurement or observation in the report. */
    void publish(String key, String value) {
        reporter.publishEntry(key, value);
    }

    /**
     * Closes the pipelines (with a deadline), kills every process still running that the check
     * saw, and publishes them as {@code leftover processes}.
     */
    @Override
    public void close() {
        List<String> notes = new ArrayList<>();
        if (hung) {
            // A hung call may hold the pipeline's lock or block on a pipe, and close() with it: killing
            // the workers first breaks the pipes and lets the hung thread (and then close) finish.
            List<String> killed;
            if (watch != null) {
                killed = watch.killLeftovers(Duration.ofSeconds(5));
            } else {
                List<ProcessHandle> running = Procs.runningDescendants();
                killed = running.stream().map(p -> Procs.describe(p.pid(), null)).toList();
                Procs.killAndWait(running, Duration.ofSeconds(5));
            }
            if (!killed.isEmpty()) {
                notes.add("after the hang the grader killed: " + String.join("; ", killed));
            }
        }
        for (ProcessPipeline pipeline : pipelines) {
            try {
                workers.call(seconds(hung ? 3 : 10), "Hang: close() did not return", () -> {
                    pipeline.close();
                    return null;
                });
            } catch (Throwable t) {
                notes.add("close() failed: " + describe(t));
            }
        }
        List<String> left;
        if (watch != null) {
            left = watch.killLeftovers(Duration.ofSeconds(5));
            watch.close();
        } else {
            List<ProcessHandle> running = Procs.runningDescendants();
            left = running.stream().map(p -> Procs.describe(p.pid(), null)).toList();
            Procs.killAndWait(running, Duration.ofSeconds(5));
        }
        if (!left.isEmpty()) {
            notes.add("still running after the check, killed by the grader: " + String.join("; ", left));
        }
        if (!notes.isEmpty()) {
            publish("leftover processes", String.join(" / ", notes));
        }
        workers.close();
        scratch.forEach(dir -> FileUtils.deleteQuietly(dir.toFile())); // scratch directories in the system temp
    }
}
