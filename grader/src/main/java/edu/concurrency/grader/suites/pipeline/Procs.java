package edu.concurrency.grader.suites.pipeline;

import edu.concurrency.grader.process.ManagedProcess;
import edu.concurrency.grader.process.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Looking at processes the way feedback needs it: is a process really running (a zombie is not,
 * although {@link ProcessHandle#isAlive()} says so), what is it, and what is it blocked on.
 * Linux details come from {@code /proc}; elsewhere the JDK's view is used.
 */
final class Procs {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Procs() {
    }

    /**
     * Whether a process exists and has not terminated: a zombie (exited, not yet reaped by its
     * parent) does not count.
     */
    static boolean running(long pid) {
        if (ProcFs.state(pid).isPresent()) {
            return !ProcFs.zombie(pid);
        }
        if (ProcFs.available()) {
            return false; // no /proc/PID: gone
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The running descendants of this JVM (children, grandchildren, ...). */
    static List<ProcessHandle> runningDescendants() {
        return ProcessHandle.current().descendants().filter(h -> running(h.pid())).toList();
    }

    /**
     * Kills processes (SIGKILL) and waits until none of them is running any more.
     *
     * @return true if all are gone within {@code timeout}
     */
    static boolean killAndWait(Collection<ProcessHandle> processes, Duration timeout) {
        List<ProcessHandle> ours = processes.stream().filter(Procs::ours).toList();
        ours.forEach(ProcessHandle::destroyForcibly);
        return awaitGone(ours.stream().map(ProcessHandle::pid).toList(), timeout);
    }

    /**
     * Whether a process belongs to this grading run, so that the grader may kill it: not this JVM
     * itself, and either it carries this JVM's value of the runner's marker variable
     * ({@link ManagedProcess#MARKER}, inherited by everything the submission starts, orphans
     * included), or, when this JVM has no marker, it is one of its descendants. A pid alone is not
     * enough: pids are reused quickly on a busy machine (pid_max is 32768 here).
     */
    static boolean ours(ProcessHandle process) {
        if (process.pid() == ProcessHandle.current().pid()) {
            return false;
        }
        String marker = System.getenv(ManagedProcess.MARKER);
        if (marker == null || !ProcFs.available()) {
            return ProcessHandle.current().descendants().anyMatch(d -> d.pid() == process.pid());
        }
        return ProcFs.hasEnvironmentEntry(process.pid(), ManagedProcess.MARKER, marker);
    }

    /**
     * Waits until none of the processes is running (polling {@code /proc}, with a deadline).
     *
     * @return true if all are gone within {@code timeout}
     */
    static boolean awaitGone(Collection<Long> pids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pids.stream().anyMatch(Procs::running)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    /**
     * A short description for feedback: {@code pid 1234 (java ... WorkerMain TagStage)}.
     *
     * @param commandLine the process's arguments if known (they are gone once it exited), or null
     */
    static String describe(long pid, List<String> commandLine) {
        List<String> args = commandLine != null ? commandLine : arguments(pid);
        return "pid " + pid + (args.isEmpty() ? "" : " (" + shortCommand(args) + ")");
    }

    /** The full command line of a running process: program and arguments; empty if unknown. */
    static List<String> arguments(long pid) {
        List<String> args = ProcFs.arguments(pid);
        if (!args.isEmpty()) {
            return args;
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().command().map(c -> Stream.concat(Stream.of(c),
                Stream.of(h.info().arguments().orElse(new String[0]))).toList())).orElse(List.of());
    }

    /**
     * The command line without the class path and with simple class names:
     * {@code java -cp ... WorkerMain TagStage}.
     */
    static String shortCommand(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i == 0) {
                out.add(Path.of(a).getFileName() == null ? a : Path.of(a).getFileName().toString());
            } else if ((a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) && i + 1 < args.size()) {
                out.add(a);
                out.add("...");
                i++;
            } else if (a.matches("([a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*")) {
                out.add(a.substring(a.lastIndexOf('.') + 1));
            } else {
                out.add(a.length() > 60 ? a.substring(0, 57) + "..." : a);
            }
        }
        return String.join(" ", out);
    }

    /**
     * What a running process is doing, for a hang report: "blocked writing to a full pipe",
     * "waiting to read a pipe", "running", with its CPU time; "not running" if gone.
     */
    static String activity(long pid) {
        if (!running(pid)) {
            return "not running";
        }
        String cpu = ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
                .map(d -> String.format(Locale.ROOT, ", %.1f s CPU so far", d.toMillis() / 1000.0)).orElse("");
        List<String> waits = threadWaitChannels(pid);
        if (waits.stream().anyMatch(w -> w.contains("pipe_write"))) {
            return "blocked writing to a full pipe (its stdout or stderr: nobody reads it)" + cpu;
        }
        if (ProcFs.state(pid).orElse('?') == 'R') {
            return "running" + cpu;
        }
        if (waits.stream().anyMatch(w -> w.contains("pipe_read") || w.contains("pipe_wait"))) {
            return "waiting to read its stdin (no request arrives)" + cpu;
        }
        return "idle" + cpu;
    }

    /** The kernel wait channels of every thread of a process (Linux); empty when unknown. */
    private static List<String> threadWaitChannels(long pid) {
        Path tasks = ProcFs.file(pid, "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.map(t -> {
                try {
                    return Files.readString(t.resolve("wchan")).trim();
                } catch (IOException | RuntimeException e) {
                    return "";
                }
            }).filter(s -> !s.isEmpty() && !s.equals("0")).collect(Collectors.toList());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
