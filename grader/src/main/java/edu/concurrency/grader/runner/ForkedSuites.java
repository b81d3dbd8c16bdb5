package edu.concurrency.grader.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.concurrency.grader.fork.ForkEvent;
import edu.concurrency.grader.fork.ForkMain;
import edu.concurrency.grader.fork.ForkPlan;
import edu.concurrency.grader.fork.ResultSigner;
import edu.concurrency.grader.fork.SuiteOutcome;
import edu.concurrency.grader.process.CapturedOutput;
import edu.concurrency.grader.process.ManagedProcess;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs criteria in forked JVMs ({@link ForkMain}) and collects their verdicts, whatever the
 * submission does: a hang is stopped by the fork's watchdog, or from outside after a grace period
 * (with a {@code jcmd Thread.print} dump); a JVM the submission ended is reported against the
 * criterion that was running; the remaining criteria get a fresh JVM.
 */
public final class ForkedSuites {
    /** How long a forked JVM may take to start its first criterion, before the timeout factor. */
    private static final Duration START_GRACE = Duration.ofSeconds(30);
    /** Extra time past the fork's own watchdog before the grader kills it, before the factor. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(50);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GradingOptions options;

    public ForkedSuites(GradingOptions options) {
        this.options = options;
    }

    /**
     * Runs {@code criteria} of {@code exercise} against the compiled submission.
     *
     * @param notes receives observations about the run (output cut, processes left running)
     * @return a verdict for every criterion, by id, in the given order
     * @throws IOException when the scratch directory cannot be written
     */
    public Map<String, SuiteOutcome> run(Exercise exercise, List<Criterion> criteria, Path submissionClasses,
                                         Path workDir, List<String> notes) throws IOException, InterruptedException {
        Map<String, SuiteOutcome> done = new LinkedHashMap<>();
        List<Criterion> remaining = new ArrayList<>(criteria);
        for (int fork = 1; !remaining.isEmpty(); fork++) {
            Path dir = Files.createDirectories(workDir.resolve("fork-" + fork));
            Run run = runFork(exercise, remaining, submissionClasses, dir);
            done.putAll(run.verdicts());
            if (run.forged()) {
                notes.add(exercise.id() + ": the submission wrote into the grader's results file;"
                        + " its lines were ignored (they lack the grader's signature)");
            }
            for (String killed : run.leftovers()) {
                notes.add(exercise.id() + ": the submission left a process running; it was killed: " + killed);
            }
            for (CapturedOutput out : List.of(run.stdout(), run.stderr())) {
                if (out.truncated()) {
                    notes.add(exercise.id() + ": the submission printed " + out.totalBytes()
                            + " bytes on one stream; the captured output was cut");
                }
            }
            List<Criterion> before = remaining;
            remaining = remaining.stream().filter(c -> !done.containsKey(c.id())).toList();
            if (remaining.size() == before.size()) {
                // the JVM did not get to start a single criterion: report it against all of them
                String why = "The submission's JVM did not start (exit code " + run.exitCode() + "): "
                        + firstLines(run.stderr().text(), 5);
                remaining.forEach(c -> done.put(c.id(), SuiteOutcome.of(Status.ERROR, why, List.of(), null)));
                break;
            }
        }
        Map<String, SuiteOutcome> ordered = new LinkedHashMap<>();
        criteria.forEach(c -> ordered.put(c.id(), done.get(c.id())));
        return ordered;
    }

    private record Run(Map<String, SuiteOutcome> verdicts, List<String> leftovers, CapturedOutput stdout,
                       CapturedOutput stderr, String exitCode, boolean forged) {
    }

    private record Events(List<ForkEvent> valid, boolean forged) {
    }

    private Run runFork(Exercise exercise, List<Criterion> criteria, Path submissionClasses, Path dir)
            throws IOException, InterruptedException {
        Path results = dir.resolve("results.jsonl");
        Files.deleteIfExists(results);
        Files.createFile(results);
        ForkPlan plan = new ForkPlan(exercise.packageName(), criteria.stream()
                .map(c -> new ForkPlan.PlannedCriterion(c.id(), c.tests(),
                        c.timeout(options.timeoutFactor()).toMillis(), c.attempts()))
                .toList(), results.toString());
        Path planFile = dir.resolve("plan.json");
        JSON.writeValue(planFile.toFile(), plan);

        List<String> command = new ArrayList<>(List.of(
                options.java().toString(),
                "-Xmx" + options.heapMegabytes() + "m",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Dgrader.cores=" + options.cores(),
                "-Dgrader.timeout.factor=" + options.timeoutFactor(),
                "-Dgrader.submission.classes=" + submissionClasses,
                "-cp", Stream.concat(Stream.of(submissionClasses), options.graderClassPath().stream())
                        .map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                ForkMain.class.getName(), planFile.toString()));

        Map<String, Criterion> byId = new LinkedHashMap<>();
        criteria.forEach(c -> byId.put(c.id(), c));
        Map<String, SuiteOutcome> verdicts = new LinkedHashMap<>();
        String running = null;
        String killedDump = null;
        boolean forged = false;
        byte[] key = ResultSigner.newKey();
        ResultSigner signer = new ResultSigner(key);
        try (ManagedProcess process = ManagedProcess.start(command, dir, Map.of(), options.maxOutputBytes(), key)) {
            long lastProgress = System.nanoTime();
            while (true) {
                boolean exited = process.waitFor(POLL);
                Events events = readEvents(results, signer);
                forged = forged || events.forged();
                for (ForkEvent event : events.valid()) {
                    if (ForkEvent.START.equals(event.type()) && !event.id().equals(running) && !verdicts.containsKey(event.id())) {
                        running = event.id();
                        lastProgress = System.nanoTime();
                    } else if (ForkEvent.RESULT.equals(event.type()) && !verdicts.containsKey(event.id())) {
                        verdicts.put(event.id(), event.outcome());
                        lastProgress = System.nanoTime();
                    }
                }
                if (running != null && verdicts.containsKey(running)) {
                    running = null;
                }
                if (exited) {
                    break;
                }
                Duration allowed = running == null
                        ? scaled(START_GRACE)
                        : byId.get(running).timeout(options.timeoutFactor()).multipliedBy(byId.get(running).attempts())
                                .plus(scaled(KILL_GRACE));
                if (System.nanoTime() - lastProgress > allowed.toNanos()) {
                    killedDump = jcmdThreadDump(process.pid());
                    process.killTree();
                    break;
                }
            }
            List<String> leftovers = process.killTree();
            if (running != null) {
                verdicts.put(running, killedDump != null
                        ? SuiteOutcome.of(Status.FAILED, "Hang: the criterion did not finish and its JVM stopped responding;"
                                + " it was killed (deadlock, livelock or an endless loop?)", List.of(), killedDump)
                        : SuiteOutcome.of(Status.FAILED, "The submission's JVM ended while this criterion ran (exit code "
                                + process.exitValue() + "): does the code call System.exit or Runtime.halt? "
                                + firstLines(process.stderr().text(), 3), List.of(), null));
            }
            String exitCode = process.isAlive() ? "killed" : String.valueOf(process.exitValue());
            return new Run(verdicts, leftovers, process.stdout(), process.stderr(), exitCode, forged);
        }
    }

    private Duration scaled(Duration d) {
        return Duration.ofMillis(Math.round(d.toMillis() * options.timeoutFactor()));
    }

    private static Events readEvents(Path results, ResultSigner signer) throws IOException {
        List<ForkEvent> events = new ArrayList<>();
        boolean forged = false;
        List<String> lines = Files.exists(results) ? Files.readAllLines(results) : List.of();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String payload = signer.verify(line);
            if (payload == null) {
                // the last line may still be being written; any other unsigned line is forged
                forged |= i < lines.size() - 1;
                continue;
            }
            events.add(JSON.readValue(payload, ForkEvent.class));
        }
        return new Events(events, forged);
    }

    private String jcmdThreadDump(long pid) {
        Path jcmd = options.javaHome().resolve("bin/jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        try (ManagedProcess p = ManagedProcess.start(List.of(jcmd.toString(), String.valueOf(pid), "Thread.print", "-l"),
                Path.of("."), Map.of(), options.maxOutputBytes())) {
            if (!p.waitFor(Duration.ofSeconds(10))) {
                return "(jcmd could not attach to the hung JVM)";
            }
            return p.stdout().text();
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "(no thread dump: " + e.getMessage() + ")";
        }
    }

    private static String firstLines(String text, int n) {
        return text.lines().limit(n).collect(Collectors.joining(" | "));
    }
}
