package edu.concurrency.grader.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.concurrency.grader.fork.Feedback;
import edu.concurrency.grader.fork.ForkEvent;
import edu.concurrency.grader.fork.ForkGo;
import edu.concurrency.grader.fork.ForkMain;
import edu.concurrency.grader.fork.ForkPlan;
import edu.concurrency.grader.fork.ResultSigner;
import edu.concurrency.grader.process.CapturedOutput;
import edu.concurrency.grader.process.ManagedProcess;
import edu.concurrency.grader.process.ParentWatch;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.sandbox.Confinement;
import edu.concurrency.grader.verdict.Requirements;
import edu.concurrency.grader.verdict.SuiteOutcome;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * Runs criteria in forked JVMs ({@link ForkMain}) and collects their verdicts, whatever the
 * submission does: a hang is stopped by the fork's watchdog, or from outside after a grace period
 * (with a thread dump the JVM prints on {@code SIGQUIT}); a JVM the submission ended (System.exit, an
 * OutOfMemoryError with {@code -XX:+ExitOnOutOfMemoryError}, the thread limit) is reported against
 * the criterion that was running; the remaining criteria get a fresh JVM. Once the submission's
 * total time limit ({@link Deadline}) has passed, the running fork is dumped and killed and every
 * criterion not yet judged is an ERROR.
 *
 * <p>Each forked JVM runs with an empty {@code sandbox} directory as its working directory
 * ({@code WORKDIR/fork-N/sandbox}), apart from its plan ({@code plan.json}) and results file
 * ({@code results.jsonl}), which the grader reads incrementally and within bounds
 * ({@link ResultsFile}). The sandbox is the fork's alone ({@code ManagedProcess.startConfined}):
 * a process born there after the fork started counts as the fork's and is killed with it, even
 * on a machine without cgroups. In a sandbox ({@link GradingOptions#sandbox()}) the fork reads its
 * classes, the grader's class path and its plan, and writes its sandbox and its results file,
 * nothing else of the grader's file system.
 */
public final class ForkedSuites {
    /** How long a forked JVM may take to start its first criterion, before the timeout factor. */
    private static final Duration START_GRACE = Duration.ofSeconds(30);
    /** Extra time past the fork's own watchdog before the grader kills it, before the factor. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Exit code of a JVM that ended on an OutOfMemoryError under {@code -XX:+ExitOnOutOfMemoryError}. */
    private static final int OOM_EXIT_CODE = 3;
    private static final Pattern OOM_LINE = Pattern.compile("Terminating due to java\\.lang\\.OutOfMemoryError[^\\r\\n]*");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** First and last lines of the thread dump HotSpot prints on SIGQUIT. */
    private static final String DUMP_START = "Full thread dump";
    private static final String DUMP_END = "JNI global ref";

    private final GradingOptions options;
    private final Deadline deadline;
    /** Class directories of the course-provided classes, after the submission's on every fork's class path. */
    private final List<Path> providedClassPath;
    /** The {@code --limit-modules} value for the submission's JDK, if its release file lists modules. */
    private final Optional<String> modules;

    /**
     * A runner whose total time limit ({@link GradingOptions#submissionTimeout()}) starts now.
     *
     * @param options how to grade
     */
    public ForkedSuites(GradingOptions options) {
        this(options, Deadline.after(options.submissionTimeout()));
    }

    /**
     * A runner that stops at {@code deadline}.
     *
     * @param options  how to grade
     * @param deadline the end of the submission's total time limit
     */
    public ForkedSuites(GradingOptions options, Deadline deadline) {
        this(options, deadline, List.of());
    }

    /**
     * A runner that stops at {@code deadline} and gives every fork the course-provided classes.
     *
     * @param options           how to grade
     * @param deadline          the end of the submission's total time limit
     * @param providedClassPath class directories of the course-provided classes ({@code
     *                          edu.concurrency.grader.submission.ProvidedClasses#root()}), put on each fork's class
     *                          path after the submission's classes and before the grader's
     */
    public ForkedSuites(GradingOptions options, Deadline deadline, List<Path> providedClassPath) {
        this.options = options;
        this.deadline = deadline;
        this.providedClassPath = List.copyOf(providedClassPath);
        this.modules = ForkModules.limit(options.javaHome());
    }

    /**
     * Runs {@code criteria} of {@code exercise} against the compiled submission.
     *
     * @param notes receives observations about the run (output cut, processes left running,
     *              results file forged or flooded)
     * @return a verdict for every criterion, by id, in the given order
     * @throws IOException          when the scratch directory cannot be written
     * @throws InterruptedException when the grader itself is interrupted
     */
    public Map<String, SuiteOutcome> run(Exercise exercise, List<Criterion> criteria, Path submissionClasses,
                                         Path workDir, List<String> notes) throws IOException, InterruptedException {
        return run(exercise, criteria, submissionClasses, workDir, notes, Map.of());
    }

    /**
     * Runs {@code criteria} of {@code exercise}, knowing the verdicts of criteria judged before:
     * a criterion whose {@code requires} names one that did not pass is not run, and fails as
     * "not judged" (so a failed smoke test spares the rest their deadlines).
     *
     * @param judgedBefore verdicts of earlier phases, by criterion id
     * @see #run(Exercise, List, Path, Path, List)
     */
    public Map<String, SuiteOutcome> run(Exercise exercise, List<Criterion> criteria, Path submissionClasses,
                                         Path workDir, List<String> notes, Map<String, SuiteOutcome> judgedBefore)
            throws IOException, InterruptedException {
        return runAll(null, exercise, criteria, submissionClasses, workDir, notes, judgedBefore);
    }

    /**
     * Starts the first JVM for {@code criteria} of {@code exercise} now, ahead of its turn: the JVM
     * starts, reads its key, gets JUnit ready and waits ({@link ForkPlan#awaitsGo()}); nothing of the
     * submission runs before {@link Prepared#run}. For criteria whose time is measured, so that a
     * JVM's start-up, paid while the machine is shared, is not paid in the turn alone.
     *
     * @return the waiting JVM; run it once, and close it in any case
     * @throws IOException when the scratch directory cannot be written or the JVM cannot be started
     */
    public Prepared prepare(Exercise exercise, List<Criterion> criteria, Path submissionClasses, Path workDir)
            throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("fork-1"));
        return new Prepared(exercise, List.copyOf(criteria), submissionClasses, workDir,
                start(exercise, criteria, submissionClasses, dir, Map.of(), List.of(), true));
    }

    /** A JVM started ahead of its turn by {@link #prepare}, waiting for its go. */
    public final class Prepared implements AutoCloseable {
        private final Exercise exercise;
        private final List<Criterion> criteria;
        private final Path submissionClasses;
        private final Path workDir;
        private final StartedFork first;
        private boolean ran;

        private Prepared(Exercise exercise, List<Criterion> criteria, Path submissionClasses, Path workDir,
                         StartedFork first) {
            this.exercise = exercise;
            this.criteria = criteria;
            this.submissionClasses = submissionClasses;
            this.workDir = workDir;
            this.first = first;
        }

        /**
         * Lets the waiting JVM run the criteria (with what was judged since it started), and runs
         * the rest in fresh JVMs as {@link ForkedSuites#run} does.
         *
         * @param notes        receives observations about the run
         * @param judgedBefore verdicts of earlier phases, by criterion id
         * @return a verdict for every criterion, by id, in the prepared order
         * @throws IOException           when the scratch directory cannot be written
         * @throws InterruptedException  when the grader itself is interrupted
         * @throws IllegalStateException when it already ran
         */
        public Map<String, SuiteOutcome> run(List<String> notes, Map<String, SuiteOutcome> judgedBefore)
                throws IOException, InterruptedException {
            if (ran) {
                throw new IllegalStateException("a prepared JVM runs once");
            }
            ran = true;
            try {
                return runAll(first, exercise, criteria, submissionClasses, workDir, notes, judgedBefore);
            } finally {
                first.close();
            }
        }

        /** Ends the waiting JVM if it never ran. */
        @Override
        public void close() {
            first.close();
        }
    }

    /** Runs the criteria, in {@code first} (a JVM waiting for its go) if not null, then in fresh JVMs. */
    private Map<String, SuiteOutcome> runAll(StartedFork first, Exercise exercise, List<Criterion> criteria,
                                             Path submissionClasses, Path workDir, List<String> notes,
                                             Map<String, SuiteOutcome> judgedBefore)
            throws IOException, InterruptedException {
        Map<String, SuiteOutcome> done = new LinkedHashMap<>();
        List<Criterion> remaining = new ArrayList<>(criteria);
        for (int fork = 1; !remaining.isEmpty(); fork++) {
            if (deadline.passed()) {
                remaining.forEach(c -> done.put(c.id(), SuiteOutcome.of(Status.ERROR, deadline.notRun(), List.of(), null)));
                break;
            }
            Map<String, String> notPassed = Requirements.notPassed(judgedBefore, done);
            List<String> stalled = stalledAt(judgedBefore, done);
            Run run;
            if (fork == 1 && first != null) {
                run = drive(first.go(notPassed, stalled));
            } else {
                Path dir = Files.createDirectories(workDir.resolve("fork-" + fork));
                try (StartedFork started = start(exercise, remaining, submissionClasses, dir, notPassed, stalled, false)) {
                    run = drive(started);
                }
            }
            done.putAll(run.verdicts());
            if (run.forged()) {
                notes.add(exercise.id() + ": the submission wrote into the grader's results file;"
                        + " its lines were ignored (they lack the grader's signature)");
            }
            if (run.overflow() != null) {
                notes.add(exercise.id() + ": the submission flooded the grader's results file (" + run.overflow()
                        + "); the grader stopped reading it and ended that JVM");
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
            if (run.outOfTime() || (!remaining.isEmpty() && deadline.passed())) {
                remaining.forEach(c -> done.put(c.id(), SuiteOutcome.of(Status.ERROR, deadline.notRun(), List.of(), null)));
                break;
            }
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

    /** Where earlier criteria stalled in the submission's code, each place once. */
    private static List<String> stalledAt(Map<String, SuiteOutcome> judgedBefore, Map<String, SuiteOutcome> done) {
        return Stream.concat(judgedBefore.values().stream(), done.values().stream())
                .flatMap(o -> o.stalledAt().stream()).distinct().toList();
    }

    private record Run(Map<String, SuiteOutcome> verdicts, List<String> leftovers, CapturedOutput stdout,
                       CapturedOutput stderr, String exitCode, boolean forged, String overflow, boolean outOfTime) {
    }

    /** Why the grader stopped a fork from outside, if it did. */
    private enum Stop { NONE, HANG, DEADLINE, FLOOD }

    /** A started JVM, its criteria and its results file; closing it kills what is left of it, once. */
    private static final class StartedFork implements AutoCloseable {
        private final Map<String, Criterion> byId = new LinkedHashMap<>();
        private final ResultsFile resultsFile;
        private final ManagedProcess process;
        private boolean closed;

        StartedFork(List<Criterion> criteria, ResultsFile resultsFile, ManagedProcess process) {
            criteria.forEach(c -> byId.put(c.id(), c));
            this.resultsFile = resultsFile;
            this.process = process;
        }

        /** Sends the go line to a JVM that awaits it, and ends its stdin; a JVM that is gone shows as such in {@link #drive}. */
        StartedFork go(Map<String, String> notPassed, List<String> stalledBefore) {
            try {
                process.sendLine(JSON.writeValueAsString(new ForkGo(notPassed, stalledBefore)));
            } catch (IOException exited) {
                // it ended while it waited: its exit code and stderr tell why
            }
            process.closeStdin();
            return this;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try (resultsFile; process) {
                    // closing both, the process first
                } catch (IOException e) {
                    // the scratch directory's results file: nothing left to read from it
                }
            }
        }
    }

    /**
     * Starts a JVM for {@code criteria}, with its signing key on stdin; a JVM that {@code awaitsGo}
     * keeps its stdin open for the go line ({@link StartedFork#go}).
     */
    private StartedFork start(Exercise exercise, List<Criterion> criteria, Path submissionClasses, Path dir,
                              Map<String, String> notPassed, List<String> stalledBefore, boolean awaitsGo)
            throws IOException {
        Path results = dir.resolve("results.jsonl");
        Files.deleteIfExists(results);
        Files.createFile(results);
        Path sandbox = emptyDirectory(dir.resolve("sandbox"));
        ForkPlan plan = new ForkPlan(exercise.packageName(), criteria.stream()
                .map(c -> new ForkPlan.PlannedCriterion(c.id(), c.tests(),
                        c.timeout(options.timeoutFactor()).toMillis(), c.attempts(), c.requires()))
                .toList(), results.toString(), notPassed,
                Math.round(exercise.stallSeconds() * 1000.0 * options.timeoutFactor()), stalledBefore, awaitsGo);
        Path planFile = dir.resolve("plan.json");
        JSON.writeValue(planFile.toFile(), plan);

        List<String> command = new ArrayList<>(List.of(
                options.java().toString(),
                "-Xmx" + options.heapMegabytes() + "m",
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                // no attach (jcmd, agents) and no jdk.management (heap dumps): the fork's memory,
                // which holds the key that signs its results, stays unreadable to the submission
                "-XX:+DisableAttachMechanism",
                "-Djava.awt.headless=true",
                ParentWatch.property(),
                "-Dgrader.cores=" + options.cores(),
                "-Dgrader.timeout.factor=" + options.timeoutFactor(),
                "-Dgrader.submission.classes=" + submissionClasses,
                "-D" + ForkMain.MAX_THREADS_PROPERTY + "=" + options.maxThreads(),
                "-D" + ForkMain.HEAP_PROPERTY + "=" + options.heapMegabytes(),
                "-cp", Stream.of(List.of(submissionClasses), providedClassPath, options.graderClassPath())
                        .flatMap(List::stream)
                        .map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                ForkMain.class.getName(), planFile.toString()));
        modules.ifPresent(m -> command.addAll(1, List.of("--limit-modules", m)));
        if (criteria.stream().anyMatch(c -> c.kind() == Kind.RACE)) {
            // a race criterion's tests are model checks: Lincheck takes the Instrumentation of this
            // agent, given at start-up, so that no fork attaches dynamically (see suites.support.modelcheck);
            // C1 only: the model checker's start-up (instrumenting, Kotlin reflection) took half the
            // CPU time that way (3.1 s instead of 7.5 s for the queue's three checks)
            command.addAll(1, List.of("-javaagent:" + modelCheckAgent(), "-XX:TieredStopAtLevel=1"));
        }

        byte[] key = ResultSigner.newKey();
        ResultsFile resultsFile = new ResultsFile(results, new ResultSigner(key));
        Confinement confinement = new Confinement(options.sandbox(),
                Stream.of(List.of(submissionClasses, planFile), providedClassPath, options.graderClassPath())
                        .flatMap(List::stream).toList(),
                List.of(sandbox, results));
        ManagedProcess process;
        try {
            if (awaitsGo) {
                process = ManagedProcess.startConfinedWithStdin(command, sandbox, Map.of(), options.maxOutputBytes(),
                        confinement);
                try {
                    process.send(key);
                } catch (IOException exited) {
                    // it ended at once: its exit code and stderr tell why
                }
            } else {
                process = ManagedProcess.startConfined(command, sandbox, Map.of(), options.maxOutputBytes(), key,
                        confinement);
            }
        } catch (IOException | RuntimeException e) {
            resultsFile.close();
            throw e;
        }
        return new StartedFork(criteria, resultsFile, process);
    }

    /** Reads a started JVM's verdicts until it ends, or stops it: after a hang, at the deadline, or when it floods. */
    private Run drive(StartedFork fork) throws IOException, InterruptedException {
        ManagedProcess process = fork.process;
        ResultsFile resultsFile = fork.resultsFile;
        Map<String, Criterion> byId = fork.byId;
        Map<String, SuiteOutcome> verdicts = new LinkedHashMap<>();
        String running = null;
        String killedDump = null;
        Stop stop = Stop.NONE;
        boolean forged = false;
        String overflow = null;
        long lastProgress = System.nanoTime();
        while (true) {
            boolean exited = process.waitFor(POLL);
            ResultsFile.Events events = exited ? resultsFile.finish() : resultsFile.read();
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
            if (events.overflow() != null) {
                overflow = events.overflow();
                stop = Stop.FLOOD;
                process.killTree();
                break;
            }
            if (exited) {
                break;
            }
            if (deadline.passed()) {
                stop = Stop.DEADLINE;
                killedDump = threadDump(process);
                process.killTree();
                break;
            }
            Duration allowed = running == null
                    ? scaled(START_GRACE)
                    : byId.get(running).timeout(options.timeoutFactor()).multipliedBy(byId.get(running).attempts())
                            .plus(scaled(KILL_GRACE));
            if (System.nanoTime() - lastProgress > allowed.toNanos()) {
                stop = Stop.HANG;
                killedDump = threadDump(process);
                process.killTree();
                break;
            }
        }
        List<String> leftovers = process.killTree();
        if (running != null) {
            verdicts.put(running, switch (stop) {
                case HANG -> SuiteOutcome.of(Status.FAILED, "Hang: the criterion did not finish and its JVM stopped"
                        + " responding; it was killed (deadlock, livelock or an endless loop?)", List.of(), killedDump);
                case DEADLINE -> SuiteOutcome.of(Status.ERROR, deadline.notFinished(), List.of(), killedDump);
                case FLOOD -> SuiteOutcome.of(Status.FAILED, "The submission flooded the grader's results file while"
                        + " this criterion ran (" + overflow + "); the grader stopped reading it and ended the JVM;"
                        + " the other criteria ran in a fresh JVM", List.of(), null);
                case NONE -> ended(process);
            });
        }
        String exitCode = process.isAlive() ? "killed" : String.valueOf(process.exitValue());
        return new Run(verdicts, leftovers, process.stdout(), process.stderr(), exitCode, forged, overflow,
                stop == Stop.DEADLINE);
    }

    /**
     * The jar whose {@code Premain-Class} is Byte Buddy's agent installer: the grader jar (its
     * manifest names it) or, on the build's class path, Byte Buddy's agent jar.
     */
    private static String modelCheckAgent() {
        try {
            return Path.of(net.bytebuddy.agent.Installer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the grader cannot locate its own agent jar", e);
        }
    }

    /** The verdict of a criterion during which the JVM ended by itself. */
    private SuiteOutcome ended(ManagedProcess process) {
        int code = process.exitValue();
        String oom = code == OOM_EXIT_CODE ? lastOutOfMemoryLine(process) : null;
        if (oom != null) {
            return SuiteOutcome.of(Status.FAILED, Feedback.outOfMemory(oom, options.heapMegabytes()), List.of(), null);
        }
        String stderr = firstLines(process.stderr().text(), 3);
        return SuiteOutcome.of(Status.FAILED, "The submission's JVM ended while this criterion ran (exit code "
                + code + "): does the code call System.exit or Runtime.halt?" + (stderr.isBlank() ? "" : " " + stderr),
                List.of(), null);
    }

    /** The JVM's "Terminating due to java.lang.OutOfMemoryError: ..." line (on stdout), or null. */
    private static String lastOutOfMemoryLine(ManagedProcess process) {
        String found = null;
        for (CapturedOutput out : List.of(process.stdout(), process.stderr())) {
            Matcher m = OOM_LINE.matcher(out.text());
            while (m.find()) {
                found = m.group().strip();
            }
        }
        return found;
    }

    private Duration scaled(Duration d) {
        return Duration.ofMillis(Math.round(d.toMillis() * options.timeoutFactor()));
    }

    /**
     * A thread dump of a fork that stopped responding: the JVM prints one on its stdout on
     * {@code SIGQUIT} (HotSpot's signal handler; the forks run with the attach mechanism disabled,
     * so {@code jcmd} cannot be used). Taken from the bounded capture of its stdout.
     *
     * @return the dump, or a note why there is none
     */
    private static String threadDump(ManagedProcess process) {
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(process.mainPid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
                return "(no thread dump: the hung JVM could not be signalled)";
            }
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            String text = process.stdout().text();
            while (!text.contains(DUMP_END) && System.nanoTime() < until) {
                Thread.sleep(POLL.toMillis()); // polling a pipe drained by another thread; no event to wait for
                text = process.stdout().text();
            }
            int start = text.lastIndexOf(DUMP_START);
            return start < 0 ? "(no thread dump: the hung JVM printed none)" : text.substring(start).strip();
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    /** Creates {@code dir}, emptying it first if it exists. */
    private static Path emptyDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            PathUtils.deleteDirectory(dir);
        }
        return Files.createDirectories(dir);
    }

    private static String firstLines(String text, int n) {
        return text.lines().limit(n).collect(Collectors.joining(" | "));
    }
}
