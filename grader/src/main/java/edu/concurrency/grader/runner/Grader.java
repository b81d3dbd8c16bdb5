package edu.concurrency.grader.runner;

import edu.concurrency.grader.jcstress.JcstressRunner;
import edu.concurrency.grader.jcstress.JvmProbe;
import edu.concurrency.grader.jcstress.JvmStateCache;
import edu.concurrency.grader.jcstress.MachineTurn;
import edu.concurrency.grader.jcstress.ProbeCriteria;
import edu.concurrency.grader.jcstress.ProbeVerdict;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.PhaseTiming;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.submission.CompileResult;
import edu.concurrency.grader.submission.CourseClasses;
import edu.concurrency.grader.submission.ProvidedClasses;
import edu.concurrency.grader.submission.SubmissionCompiler;
import edu.concurrency.grader.submission.SubmissionSources;
import edu.concurrency.grader.verdict.Requirements;
import edu.concurrency.grader.verdict.SuiteOutcome;
import edu.concurrency.grader.verdict.TestFailure;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;

/**
 * Grades one submission against a rubric.
 *
 * <p>Phases, in order: compile each exercise; start one jcstress invocation for every race probe
 * of every exercise, which waits before its forks; meanwhile run every exercise's correctness and
 * architecture criteria in forked JVMs and, beside them, the model checks of its race criteria in a
 * forked JVM of their own, up to two JVMs at once ({@link SharedPhases}; jcstress's probing of the
 * JVM runs beside them, see {@link JvmProbe}), and the model checks that explain a failed
 * correctness criterion ({@link ModelCheckEvidence}) once it failed; then, in one turn of the timing
 * lock alone, run each exercise's performance criteria in a fresh JVM (no leftovers of earlier
 * checks disturb the timing; it was started right after compiling and waited, ready and idle, so
 * that its start-up is paid while the machine is shared: {@link ForkedSuites#prepare}) and
 * jcstress's forks, whose verdicts are combined with the model checks ({@link RaceVerdicts}); then
 * apply {@code requires} and sum the points.
 *
 * <p>The submission's total time limit ({@link GradingOptions#submissionTimeout()}) starts when
 * {@link #grade} is called: once it has passed, running criteria are stopped, criteria not yet
 * judged are errors ({@link Deadline#notRun()}), jcstress is not started, and a running jcstress
 * gets at most the time left. The report still holds a verdict for every criterion.
 */
public final class Grader {
    /** jcstress start-up allowance (6-8 s measured) plus margin, in seconds, before the factor. */
    private static final int JCSTRESS_BASE_SECONDS = 60;
    /** jcstress allowance per probe (1.3 s on JDK 25, 2.6 s on JDK 17 measured), before the factor. */
    private static final int JCSTRESS_PER_PROBE_SECONDS = 15;
    /**
     * How long a phase that runs alone waits for jcstress's probing of the JVM to end (5-10 s
     * measured, started with the grading); past it, jcstress probes for itself.
     */
    private static final Duration JVM_PROBE_WAIT = Duration.ofSeconds(30);
    /** How long a grading that failed waits for jcstress's thread to end its host JVM. */
    private static final Duration PROBES_STOP_WAIT = Duration.ofSeconds(10);

    /**
     * The phase of the report that sums the time this grading waited for other gradings on the
     * same machine ({@link TimingLock}); present only when it waited.
     */
    public static final String WAITING_PHASE = "waiting for other gradings (timing lock)";
    /** End of the name of an exercise's performance phase in {@link Report#phases()}. */
    private static final String PERFORMANCE_PHASE = ": performance";

    /** How the feedback of every criterion of an exercise that does not compile begins (the compiler's first message follows). */
    public static final String NOT_COMPILED = "Not graded: the submission does not compile: ";

    private final Rubric rubric;
    private final GradingOptions options;
    private final TimingLock timingLock;
    private final int lanes;
    private final CourseClasses course;

    /** A grader that coordinates with no other grading on the machine. */
    public Grader(Rubric rubric, GradingOptions options) {
        this(rubric, options, TimingLock.none());
    }

    /**
     * A grader that runs its performance criteria and jcstress's forks only while
     * {@code timingLock} is held alone, and everything else (jcstress's start-up included) while
     * it is held shared (see {@link TimingLock}); it
     * releases the lock when {@link #grade} returns, and leaves closing it to the caller.
     */
    public Grader(Rubric rubric, GradingOptions options, TimingLock timingLock) {
        this(rubric, options, timingLock, SharedPhases.defaultLanes(Runtime.getRuntime().availableProcessors()));
    }

    /**
     * A grader as {@link #Grader(Rubric, GradingOptions, TimingLock)} that runs up to {@code lanes}
     * of the submission's JVMs at once in the shared phases (see {@link SharedPhases}).
     *
     * @param lanes at least 1; the default is 2 on a machine with two processors or more, else 1
     * @throws IllegalArgumentException when {@code lanes} is below 1
     */
    public Grader(Rubric rubric, GradingOptions options, TimingLock timingLock, int lanes) {
        this.rubric = rubric;
        this.options = options;
        this.timingLock = timingLock;
        this.lanes = SharedPhases.checkLanes(lanes);
        this.course = CourseClasses.bundled();
    }

    /**
     * Grades the submission in {@code submissionDir}.
     *
     * @return the report; it always holds a verdict for every criterion of the rubric
     * @throws IOException when the work directory cannot be written or the timing lock not taken
     */
    public Report grade(Path submissionDir) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long[] waited = {0};
        try {
            return grade(submissionDir, waited).withWallMillis(millisSince(start));
        } finally {
            timingLock.release();
        }
    }

    private Report grade(Path submissionDir, long[] waited) throws IOException, InterruptedException {
        boolean probes = rubric.exercises().stream().flatMap(e -> e.criteria().stream()).anyMatch(c -> c.kind() == Kind.RACE);
        Files.createDirectories(options.workDir());
        waited[0] += timingLock.share();
        // jcstress's probing of the JVM runs beside the compiler and the suites (shared phases) and
        // is over before any phase that runs alone.
        Path probeDir = options.workDir().resolve("jcstress-jvm-probe");
        try (JvmProbe jvmProbe = !probes ? JvmProbe.none()
                : options.cacheDir() == null ? JvmProbe.start(options.java(), options.probesJar(), probeDir, options.sandbox())
                : JvmProbe.cachedOrStart(options.java(), options.probesJar(), probeDir, options.sandbox(),
                        new JvmStateCache(options.cacheDir()))) {
            return grade(submissionDir, waited, jvmProbe);
        }
    }

    private Report grade(Path submissionDir, long[] waited, JvmProbe jvmProbe) throws IOException, InterruptedException {
        List<TimedWork> timed = new ArrayList<>();
        try {
            return grade(submissionDir, waited, jvmProbe, timed);
        } finally {
            timed.forEach(work -> work.fork().close()); // the performance JVMs that never got their turn
        }
    }

    /** Grades, adding each exercise's performance JVM, started ahead of the turn, to {@code timed}. */
    private Report grade(Path submissionDir, long[] waited, JvmProbe jvmProbe, List<TimedWork> timed)
            throws IOException, InterruptedException {
        Deadline deadline = Deadline.after(options.submissionTimeout());
        SubmissionSources sources = SubmissionSources.locate(submissionDir);
        Files.createDirectories(options.workDir());
        List<PhaseTiming> phases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, SuiteOutcome> outcomes = new LinkedHashMap<>();
        List<Path> compiledForProbes = new ArrayList<>();
        List<Criterion> raceCriteria = new ArrayList<>();
        Map<String, SuiteOutcome> modelChecks = new LinkedHashMap<>();
        SubmissionCompiler compiler = new SubmissionCompiler(options.graderClassPath());
        // the course-provided classes of every exercise, in one class directory that the compiler,
        // every fork and jcstress see; never a stub of a student class
        Path providedDir = options.workDir().resolve("provided");
        Map<String, ProvidedClasses> provided = new LinkedHashMap<>();
        for (Exercise exercise : rubric.exercises()) {
            provided.put(exercise.id(), course.extractProvided(exercise, providedDir));
        }
        ForkedSuites forks = new ForkedSuites(options, deadline, List.of(providedDir));

        // compile every exercise, then run their shared phases in lanes (SharedPhases)
        waited[0] += timingLock.share();
        List<SharedPhases.Compiled> toRun = new ArrayList<>();
        for (Exercise exercise : rubric.exercises()) {
            Path exerciseDir = options.workDir().resolve(exercise.id());
            long t0 = System.nanoTime();
            CompileResult compiled = compiler.compile(sources, exercise, provided.get(exercise.id()),
                    exerciseDir.resolve("classes"));
            phases.add(new PhaseTiming(exercise.id() + ": compile", millisSince(t0)));
            if (!compiled.success()) {
                SuiteOutcome error = SuiteOutcome.of(Status.ERROR, NOT_COMPILED
                        + compiled.firstDiagnostic(), compiled.diagnostics().stream()
                        .map(d -> new TestFailure("javac", d, null)).toList(), null);
                exercise.criteria().forEach(c -> outcomes.put(c.id(), error));
                continue;
            }
            compiledForProbes.add(compiled.classes());
            if (!compiledForProbes.contains(providedDir)) {
                compiledForProbes.add(providedDir);
            }
            raceCriteria.addAll(exercise.criteria().stream().filter(c -> c.kind() == Kind.RACE).toList());
            List<Criterion> timing = exercise.criteria().stream().filter(c -> c.kind() == Kind.PERFORMANCE).toList();
            if (!timing.isEmpty()) {
                // their JVM starts now and waits, ready, for the turn alone: its start-up is paid
                // while the machine is shared (ForkedSuites.prepare)
                timed.add(new TimedWork(exercise, forks.prepare(exercise, timing, compiled.classes(),
                        exerciseDir.resolve("performance"))));
            }
            toRun.add(new SharedPhases.Compiled(exercise, compiled, exerciseDir));
        }
        // One turn of the timing lock alone per grading (a turn waits for the other gradings on the
        // machine to leave their shared phases): the performance criteria of every exercise, then
        // jcstress's forks. jcstress's host JVM starts now, beside this grading's shared phases, and
        // waits for the turn, which begins once they are over.
        Runnable runTimed = () -> runTimed(timed, outcomes, phases, notes);
        CountDownLatch sharedDone = new CountDownLatch(1);
        OnceFirst turn = new OnceFirst(runTimed, sharedDone);
        FutureTask<Map<String, SuiteOutcome>> probes = raceCriteria.isEmpty() ? null : new FutureTask<>(
                () -> runProbes(raceCriteria, compiledForProbes, deadline, jvmProbe.state(JVM_PROBE_WAIT), turn));
        Thread probesThread = null;
        if (probes != null) {
            probesThread = new Thread(probes, "grader-jcstress");
            probesThread.setDaemon(true);
            probesThread.start();
        }
        try {
            for (SharedPhases.Result shared : new SharedPhases(forks, lanes).run(toRun)) {
                outcomes.putAll(shared.outcomes());
                modelChecks.putAll(shared.modelChecks());
                phases.addAll(shared.phases());
                notes.addAll(shared.notes());
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            if (probesThread != null) {
                probes.cancel(true); // ends jcstress's host, which waits for the turn
                probesThread.join(PROBES_STOP_WAIT.toMillis());
            }
            throw e;
        }
        sharedDone.countDown();
        if (probes != null) {
            long t3 = System.nanoTime();
            Map<String, SuiteOutcome> probed = TaskResults.get(probes);
            waited[0] += turn.waitedMillis();
            probed.forEach((id, p) -> outcomes.put(id, RaceVerdicts.combine(p, modelChecks.get(id))));
            long jcstressMillis = millisSince(t3) - (turn.waitedMillis() + timedMillis(phases));
            if (!turn.ran()) {
                try (TimingLock.Alone alone = timingLock.alone()) {
                    waited[0] += alone.waitedMillis();
                    runTimed.run();
                }
            }
            phases.add(new PhaseTiming("race probes (jcstress)", jcstressMillis));
        } else if (!timed.isEmpty()) {
            try (TimingLock.Alone alone = timingLock.alone()) {
                waited[0] += alone.waitedMillis();
                runTimed.run();
            }
        }
        if (waited[0] > 0) {
            phases.add(new PhaseTiming(WAITING_PHASE, waited[0]));
        }
        long cutOff = outcomes.values().stream().filter(o -> Deadline.cutOff(o.summary())).count();
        if (cutOff > 0) {
            notes.add("the submission used up its total time limit of " + deadline.limitSeconds()
                    + " s (after the timeout factor): " + cutOff + " criteria were not judged and count as errors");
        }
        return assemble(submissionDir, outcomes, phases, notes);
    }

    /** The performance criteria of every exercise, each in its own fork (started ahead), in the turn alone. */
    private void runTimed(List<TimedWork> timed, Map<String, SuiteOutcome> outcomes, List<PhaseTiming> phases,
                          List<String> notes) {
        for (TimedWork work : timed) {
            long t = System.nanoTime();
            try {
                outcomes.putAll(work.fork().run(notes, outcomes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running the performance criteria", e);
            }
            phases.add(new PhaseTiming(work.exercise().id() + PERFORMANCE_PHASE, millisSince(t)));
        }
    }

    private static long timedMillis(List<PhaseTiming> phases) {
        return phases.stream().filter(p -> p.phase().endsWith(PERFORMANCE_PHASE)).mapToLong(PhaseTiming::millis).sum();
    }

    /**
     * The turns of jcstress's invocations, from the thread that runs jcstress beside the shared
     * phases: before a host JVM starts, the grading shares the machine (it does already while the
     * shared phases run); a turn alone begins once the shared phases are over, and the first one
     * also runs the performance criteria before the forks, so that a grading waits for the machine
     * once; a turn ends (the lock released) with its invocation. Its waits are summed in
     * {@link #waitedMillis()} (ms), read once jcstress is done.
     */
    private final class OnceFirst implements MachineTurn {
        private final Runnable first;
        private final CountDownLatch sharedDone;
        private long waited;
        private boolean ran;

        OnceFirst(Runnable first, CountDownLatch sharedDone) {
            this.first = first;
            this.sharedDone = sharedDone;
        }

        @Override
        public void beforeStart() throws IOException {
            waited += timingLock.share();
        }

        @Override
        public Closeable take() throws IOException, InterruptedException {
            sharedDone.await();
            TimingLock.Alone alone = timingLock.alone();
            waited += alone.waitedMillis();
            if (!ran) {
                ran = true;
                first.run();
            }
            return alone::close;
        }

        boolean ran() {
            return ran;
        }

        long waitedMillis() {
            return waited;
        }
    }

    /** The performance criteria of one exercise, in their JVM started ahead, run once every shared phase is done. */
    private record TimedWork(Exercise exercise, ForkedSuites.Prepared fork) {
    }

    /**
     * The report of a run the grader itself could not complete: every criterion is an error that
     * names the cause, so that a report is written whatever happens.
     */
    public static Report failedRun(Rubric rubric, Path submissionDir, Throwable cause) {
        String why = "Not graded: the grader failed (" + cause + "); please report this to your instructor";
        List<CriterionResult> all = new ArrayList<>();
        for (Exercise exercise : rubric.exercises()) {
            for (Criterion c : exercise.criteria()) {
                all.add(new CriterionResult(c.id(), exercise.id(), c.kind(), c.title(), 0, c.points(), Status.ERROR,
                        why, List.of(), Map.of(), 0, c.hidden()));
            }
        }
        int max = all.stream().mapToInt(CriterionResult::maxPoints).sum();
        return new Report(submissionDir.toAbsolutePath().normalize().toString(), 0, max, all, List.of(), null,
                List.of(why));
    }

    private Map<String, SuiteOutcome> runProbes(List<Criterion> criteria, List<Path> classPath, Deadline deadline,
                                                Optional<String> vmState, MachineTurn turn)
            throws IOException, InterruptedException {
        Map<String, SuiteOutcome> outcomes = new LinkedHashMap<>();
        if (deadline.passed()) {
            criteria.forEach(c -> outcomes.put(c.id(), SuiteOutcome.of(Status.ERROR, deadline.notRun(), List.of(), null)));
            return outcomes;
        }
        List<String> probes = criteria.stream().flatMap(c -> c.probes().stream()).distinct().toList();
        Duration timeout = Duration.ofMillis(Math.round(
                (JCSTRESS_BASE_SECONDS + JCSTRESS_PER_PROBE_SECONDS * probes.size()) * 1000L * options.timeoutFactor()));
        Map<String, ProbeVerdict> verdicts = new JcstressRunner(options.java(), options.probesJar(), timeout,
                deadline.remaining(), vmState, options.sandbox(), turn).run(classPath, probes, options.workDir());
        Map<String, List<String>> probesByCriterion = new LinkedHashMap<>();
        criteria.forEach(c -> probesByCriterion.put(c.id(), c.probes()));
        outcomes.putAll(ProbeCriteria.judge(probesByCriterion, verdicts, deadline.notRun(), deadline.notFinishedProbe()));
        return outcomes;
    }

    private Report assemble(Path submissionDir, Map<String, SuiteOutcome> outcomes, List<PhaseTiming> phases,
                            List<String> notes) {
        Map<String, CriterionResult> results = new LinkedHashMap<>();
        for (Exercise exercise : rubric.exercises()) {
            for (Criterion c : exercise.criteria()) {
                SuiteOutcome o = Requirements.counted(outcomes.get(c.id()), c.requires(), notPassed(c, results));
                results.put(c.id(), toResult(exercise, c, o));
            }
        }
        List<CriterionResult> all = List.copyOf(results.values());
        int score = all.stream().mapToInt(CriterionResult::points).sum();
        int max = all.stream().filter(r -> r.status() != Status.SKIPPED).mapToInt(CriterionResult::maxPoints).sum();
        return new Report(submissionDir.toAbsolutePath().normalize().toString(), score, max, all, phases,
                new Report.Environment(options.java().toString(), javaVersion(), options.cores(), options.timeoutFactor()),
                notes);
    }

    /**
     * The criteria judged so far that did not pass, with their feedback, and those {@code c}
     * requires that were not graded at all.
     */
    private static Map<String, String> notPassed(Criterion c, Map<String, CriterionResult> results) {
        Map<String, String> notPassed = new LinkedHashMap<>();
        results.forEach((id, r) -> {
            if (r.status() != Status.PASSED) {
                notPassed.put(id, r.feedback());
            }
        });
        c.requires().stream().filter(r -> !results.containsKey(r)).forEach(r -> notPassed.put(r, "not graded"));
        return notPassed;
    }

    private static CriterionResult toResult(Exercise exercise, Criterion c, SuiteOutcome o) {
        List<String> details = new ArrayList<>();
        for (TestFailure f : o.failures()) {
            details.add(f.test() + (f.location() == null ? "" : " (at " + f.location() + ")") + ":\n" + f.message());
        }
        if (o.threadDump() != null) {
            details.add("Threads at the time of the hang:\n" + o.threadDump());
        }
        if (!o.strayThreads().isEmpty()) {
            details.add("Threads still running after the criterion (thread leak?): " + String.join(", ", o.strayThreads()));
        }
        if (o.attempts() > 1) {
            details.add("Attempts used: " + o.attempts() + " of " + c.attempts());
        }
        int points = o.status() == Status.PASSED ? c.points() : 0;
        return new CriterionResult(c.id(), exercise.id(), c.kind(), c.title(), points, c.points(), o.status(),
                o.summary(), details, o.measurements(), o.durationMillis(), c.hidden());
    }

    private String javaVersion() {
        Path release = options.javaHome().resolve("release");
        try {
            return Files.readAllLines(release).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", "")).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
