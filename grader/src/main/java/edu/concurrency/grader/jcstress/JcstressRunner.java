package edu.concurrency.grader.jcstress;

import edu.concurrency.grader.process.ManagedProcess;
import edu.concurrency.grader.process.ParentWatch;
import edu.concurrency.grader.sandbox.Confinement;
import edu.concurrency.grader.sandbox.Sandbox;
import edu.concurrency.probes.JcstressLauncher;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jcstress phase of a grading run: runs race probes against a submission's classes and turns
 * jcstress's results into {@link ProbeVerdict}s.
 *
 * <p>All probes run in one jcstress invocation:
 * <pre>
 * java -cp HOST:PROBES.jar:SUBMISSION edu.concurrency.grader.jcstress.JcstressHost [--vm-state STATE]
 *      -sc false -iters 1 -time 200 -jvmArgs "-XX:+UseSerialGC -XX:-AlwaysPreTouch"
 *      -t ^(?:PROBE|PROBE...)$ -r WORKDIR/jcstress/run-N/report
 * </pre>
 * (one iteration of 200 ms per fork, no split compilation, Serial GC; measured on a 2-core machine
 * to catch every simple race in every trial; a fork lives 0.8-0.9 s, of which 200 ms of test).
 * {@link #FORK_JVM_ARGS} says why the forks' heap is not pre-touched. {@link JcstressHost} runs
 * the probes jar's {@code JcstressLauncher} behind a watch that ends the host and its probe VMs
 * once the grader is gone (HOST holds that class and the watch alone). The launcher is jcstress's
 * own run, but with the JVM probed once per grading ({@link JvmProbe}, {@code --vm-state}) instead
 * of 6-8 s of probing per invocation, and with one JVM configuration where jcstress would run
 * every probe twice on JDK 17 (with and without biased locking, which is off by default since
 * JDK 15). The probes jar comes before the submission on the class path so that a submission
 * cannot shadow jcstress or probe classes.
 * jcstress forks JVMs of the same {@code java} with the same class path and working directory.
 *
 * <p>Given a {@link MachineTurn}, the host runs with {@code --await-turn}: it starts while the
 * grading shares the machine, prints {@code JcstressLauncher.AWAITING_TURN} once all that comes
 * before its forks is done, and waits; the runner then takes the turn, sends a go on the host's
 * stdin, and ends the turn when the host exits, before reading the results. Only the forks, whose
 * actors need the CPUs, run alone.
 *
 * <p>Verdicts come from the {@code jcstress-results-*.bin.gz} file that jcstress writes into the
 * invocation's working directory, read with jcstress's own classes ({@link IsolatedResultReader}),
 * never from the exit code: jcstress exits with 0 even when no probe matched, and says nothing
 * about a probe without a result or with an API mismatch. jcstress writes that file only when it
 * ends normally. A probe that passes on fewer than {@value #MIN_SAMPLES} samples (an overloaded
 * machine) runs again with {@code -time} {@value #RETRY_TIME_MILLIS}; if it is still short, it is
 * an ERROR rather than a pass.
 *
 * <p>An actor that never returns hangs jcstress for good (in its single-threaded API check as in
 * the concurrent run). Each invocation therefore runs under the timeout given to the constructor,
 * in a process group of its own ({@link ManagedProcess}), and is watched every second: a jcstress
 * fork older than {@link HangDiagnosis#stuckAge} (a sixteenth of the timeout, 4-30 s; a working fork
 * ends within 1-2 s) is dumped with {@code jcmd Thread.print} (from the same JDK) to learn which
 * probe it is running and where its actors wait. When two dumps of it, a second apart, show the
 * same threads, all waiting (none RUNNABLE), at the same places in a probe's code, the whole process tree
 * is killed at once, that probe FAILS as "Did not finish: an actor blocked
 * (deadlock or lost wakeup?)", and the remaining probes run again in a new invocation, so one
 * hanging probe costs neither the others nor the rest of the timeout. At the timeout, the oldest
 * fork is dumped the same way. When the stuck probe cannot be
 * identified (no fork old enough, no thread inside a probe's code, no {@code jcmd}), the probes
 * run again one per invocation; a probe alone in its invocation FAILS if its JVM was stuck and
 * could not be dumped, and is an ERROR if the dump shows no thread in its code or no JVM was
 * stuck (timeout too short). Each invocation gets the full timeout: a hang costs one timeout plus
 * the re-run of the other probes.
 *
 * <p>An optional budget caps the whole run (the time left of the submission's total time limit):
 * each invocation's timeout is at most the budget left; when the budget runs out during an
 * invocation, its probes and those not yet run are ERRORs starting with {@value #NOT_FINISHED}
 * or {@value #NOT_RUN}, and no further invocation starts.
 */
public final class JcstressRunner {

    private static final String FORKED_MAIN = "org.openjdk.jcstress.ForkedMain";
    private static final Pattern RESULT_BLOB = Pattern.compile("Test result blob: \"([^\"]+)\"");
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(15);
    /** How often a running invocation's forks are looked at for one that is stuck. */
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_CAPTURED_BYTES = 256 * 1024;
    private static final int CONSOLE_TAIL_LINES = 25;

    /**
     * The JVM options of jcstress's forks ({@code -jvmArgs}), after those jcstress chose: Serial GC,
     * and no pre-touch of the heap. jcstress pre-touches its forks' 256 MB heap
     * ({@code -XX:+AlwaysPreTouch}), which pays off in long runs; with a 200 ms run per fork it was
     * a fifth of each fork's life. Measured on 2 cores, JDK 17, the queue reference's three probes,
     * two runs each way: 3.09 and 3.40 s of forks' wall time with pre-touch, 2.48 and 2.61 s
     * without, alike in samples (0.4-1.2 million per probe either way). Three runs each way of
     * jcstress alone on racy buffers: the unsynchronised offer failed OfferOfferProbe in every run
     * either way (3-7 % of its samples forbidden), the poll split in two critical sections failed
     * PollPollProbe in 3 of 3 runs without pre-touch and 1 of 3 with it.
     */
    static final String FORK_JVM_ARGS = "-XX:+UseSerialGC -XX:-AlwaysPreTouch";
    /** Milliseconds per fork in the first run ({@code -time}). */
    static final int TIME_MILLIS = 200;
    /** Milliseconds per fork when a probe runs again because it collected too few samples. */
    static final int RETRY_TIME_MILLIS = 1000;
    /**
     * A probe passes only on at least this many samples; with fewer, it runs again once with
     * {@link #RETRY_TIME_MILLIS}, and if it is still short it is an ERROR, not a pass. Unloaded, a
     * probe collects 1-4 million samples; on a machine loaded to 10-19 on 2 cores, 45,000-2,500,000,
     * but once only 5. The rarest forbidden outcome measured (a lost update in OfferPollSizeProbe)
     * showed in about 0.03% of samples, so 20,000 samples miss it with a probability of about e^-6;
     * the unsynchronized-offer variant's check-then-act race showed in 0.2-1.3% of the samples of
     * OfferOfferProbe under load.
     */
    static final long MIN_SAMPLES = 20_000;

    private final Path java;
    private final Path probesJar;
    private final Duration timeout;
    /** The most time all invocations together may take, or null for no cap. */
    private final Duration budget;
    /** What {@link JvmProbe} found, passed to every invocation, or null: each invocation probes. */
    private final String vmState;
    /** Where jcstress and its forks run. */
    private final Sandbox sandbox;
    /** Taken for each invocation's forks, or null: the forks start as soon as jcstress is ready. */
    private final MachineTurn turn;

    /** Start of the summary of a probe not run because the budget was used up. */
    public static final String NOT_RUN = "Not run: the submission used up its total time limit";
    /** Start of the summary of a probe whose invocation the budget cut short. */
    public static final String NOT_FINISHED = "Not finished: the submission used up its total time limit";

    /**
     * @param java      the {@code java} launcher of the JDK that runs the submission (17 or 25);
     *                  jcstress's forks use the same JDK
     * @param probesJar the shaded probes jar ({@code jcstress-tests/target/jcstress.jar}): probes,
     *                  their {@code META-INF/TestList} and jcstress itself
     * @param timeout   the limit for one jcstress invocation, start-up included
     */
    public JcstressRunner(Path java, Path probesJar, Duration timeout) {
        this(java, probesJar, timeout, null);
    }

    /**
     * @param java      the {@code java} launcher of the JDK that runs the submission (17 or 25)
     * @param probesJar the shaded probes jar
     * @param timeout   the limit for one jcstress invocation, start-up included
     * @param budget    the limit for the whole {@link #run} (all invocations), or null for none
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public JcstressRunner(Path java, Path probesJar, Duration timeout, Duration budget) {
        this(java, probesJar, timeout, budget, Optional.empty());
    }

    /**
     * @param java      the {@code java} launcher of the JDK that runs the submission (17 or 25)
     * @param probesJar the shaded probes jar
     * @param timeout   the limit for one jcstress invocation, start-up included
     * @param budget    the limit for the whole {@link #run} (all invocations), or null for none
     * @param vmState   what a {@link JvmProbe} of the same {@code java} found, to spare every
     *                  invocation jcstress's probing of the JVM; empty: each invocation probes
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public JcstressRunner(Path java, Path probesJar, Duration timeout, Duration budget, Optional<String> vmState) {
        this(java, probesJar, timeout, budget, vmState, Sandbox.none());
    }

    /**
     * A runner whose jcstress host JVM, and so every fork of it, runs in {@code sandbox}: it reads
     * the probes jar and the submission's class path, and writes only its invocation's directory.
     *
     * @see #JcstressRunner(Path, Path, Duration, Duration, Optional)
     */
    public JcstressRunner(Path java, Path probesJar, Duration timeout, Duration budget, Optional<String> vmState,
                          Sandbox sandbox) {
        this(java, probesJar, timeout, budget, vmState, sandbox, null);
    }

    /**
     * A runner whose invocations each start jcstress's host JVM at once but take {@code turn}
     * before its forks: the host prints {@code JcstressLauncher.AWAITING_TURN} and waits for a go
     * on its stdin, and the turn ends when the host exits. An invocation's timeout counts from the
     * go (the wait for the turn is not the submission's); a budget keeps counting through it.
     *
     * @param turn taken for the forks of each invocation, or null to start them at once
     * @see #JcstressRunner(Path, Path, Duration, Duration, Optional, Sandbox)
     */
    public JcstressRunner(Path java, Path probesJar, Duration timeout, Duration budget, Optional<String> vmState,
                          Sandbox sandbox, MachineTurn turn) {
        this.turn = turn;
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.vmState = vmState.orElse(null);
        this.java = Objects.requireNonNull(java, "java");
        this.probesJar = Objects.requireNonNull(probesJar, "probesJar").toAbsolutePath();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.budget = budget;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /**
     * Runs the probes against the submission.
     *
     * @param submissionClassPath the submission's compiled classes and the course-provided classes
     * @param probeClasses        fully qualified probe class names (duplicates are run once)
     * @param workDir             a directory for this grading run; jcstress's files go to
     *                            {@code workDir/jcstress/run-N/} (result file, {@code report/},
     *                            {@code console.txt})
     * @return a verdict for every probe, in the order given
     * @throws IOException          when jcstress cannot be started or the work directory not written
     * @throws InterruptedException when the calling thread is interrupted; every process is killed first
     */
    public Map<String, ProbeVerdict> run(List<Path> submissionClassPath, List<String> probeClasses, Path workDir)
            throws IOException, InterruptedException {
        List<String> probes = List.copyOf(new LinkedHashSet<>(probeClasses));
        Map<String, ProbeVerdict> verdicts = new HashMap<>();
        if (probes.isEmpty()) {
            return Map.of();
        }
        if (!Files.isRegularFile(probesJar)) {
            for (String p : probes) {
                verdicts.put(p, new ProbeVerdict(p, ProbeVerdict.Outcome.ERROR,
                        "The probes jar " + probesJar + " does not exist.", List.of()));
            }
            return ordered(probes, verdicts);
        }
        Path root = workDir.toAbsolutePath().resolve("jcstress");
        Deque<Batch> batches = new ArrayDeque<>();
        batches.add(new Batch(probes, TIME_MILLIS));
        int invocation = 0;
        long started = System.nanoTime();
        while (!batches.isEmpty()) {
            Duration left = budget == null ? timeout : budget.minusNanos(System.nanoTime() - started);
            if (left.isNegative() || left.isZero()) {
                batches.forEach(b -> b.probes().forEach(p -> verdicts.put(p, new ProbeVerdict(p, ProbeVerdict.Outcome.ERROR,
                        NOT_RUN + " before jcstress got to this probe.", List.of()))));
                break;
            }
            Batch batch = batches.poll();
            Path dir = root.resolve("run-" + ++invocation);
            Files.createDirectories(dir);
            boolean capped = left.compareTo(timeout) < 0;
            long budgetEnd = System.nanoTime() + left.toNanos();
            Invocation inv = invoke(submissionClassPath, batch, dir, capped ? left : timeout, capped, budget == null ? null : budgetEnd);
            if (inv.timedOut() && inv.capped()) {
                batch.probes().forEach(p -> verdicts.put(p, new ProbeVerdict(p, ProbeVerdict.Outcome.ERROR,
                        NOT_FINISHED + " while jcstress ran this probe (" + Verdicts.seconds(left) + " were left).",
                        consoleTail(inv))));
                batches.forEach(b -> b.probes().forEach(p -> verdicts.put(p, new ProbeVerdict(p, ProbeVerdict.Outcome.ERROR,
                        NOT_RUN + " before jcstress got to this probe.", List.of()))));
                break;
            }
            if (!inv.timedOut()) {
                List<String> undersampled = new ArrayList<>();
                for (Judged j : judge(batch.probes(), inv)) {
                    boolean fewSamples = j.verdict().passed() && j.samples() < MIN_SAMPLES;
                    if (fewSamples && batch.timeMillis() < RETRY_TIME_MILLIS) {
                        undersampled.add(j.verdict().probe());
                    } else if (fewSamples) {
                        verdicts.put(j.verdict().probe(), new ProbeVerdict(j.verdict().probe(), ProbeVerdict.Outcome.ERROR,
                                "Too few samples to judge: no forbidden outcome, but only " + Verdicts.count(j.samples())
                                        + " samples (at least " + Verdicts.count(MIN_SAMPLES)
                                        + " needed) even in a second, longer run: the machine is overloaded.",
                                j.verdict().details()));
                    } else {
                        verdicts.put(j.verdict().probe(), j.verdict());
                    }
                }
                if (!undersampled.isEmpty()) {
                    batches.add(new Batch(undersampled, RETRY_TIME_MILLIS));
                }
                continue;
            }
            HangDiagnosis hang = inv.hang();
            if (hang.probe() != null) {
                verdicts.put(hang.probe(), Verdicts.hang(hang.probe(), timeout, hang.stuckFor(), hang.actors()));
                List<String> rest = batch.probes().stream().filter(p -> !p.equals(hang.probe())).toList();
                if (!rest.isEmpty()) {
                    batches.add(new Batch(rest, batch.timeMillis()));
                }
            } else if (batch.probes().size() > 1) {
                batch.probes().forEach(p -> batches.add(new Batch(List.of(p), batch.timeMillis())));
            } else if (hang.stuck() && !hang.dumped()) {
                // Alone in its invocation, and its JVM stuck: no dump, but no other suspect either.
                String probe = batch.probes().get(0);
                verdicts.put(probe, Verdicts.hang(probe, timeout, hang.stuckFor(), List.of()));
            } else {
                String probe = batch.probes().get(0);
                String why = hang.stuck()
                        ? "its JVM was stuck for " + Verdicts.seconds(hang.stuckFor())
                                + " but no thread was in the probe's code"
                        : "no JVM was stuck: the timeout is too short for this machine";
                verdicts.put(probe, new ProbeVerdict(probe, ProbeVerdict.Outcome.ERROR,
                        "jcstress did not finish this probe within " + Verdicts.seconds(timeout) + "; " + why + ".",
                        consoleTail(inv)));
            }
        }
        return ordered(probes, verdicts);
    }

    private static Map<String, ProbeVerdict> ordered(List<String> probes, Map<String, ProbeVerdict> verdicts) {
        Map<String, ProbeVerdict> result = new LinkedHashMap<>();
        probes.forEach(p -> result.put(p, verdicts.get(p)));
        return result;
    }

    /** Probes to run in one invocation, and {@code -time} for it. */
    private record Batch(List<String> probes, int timeMillis) {
    }

    /** A verdict and the samples it rests on. */
    private record Judged(ProbeVerdict verdict, long samples) {
    }

    /** One jcstress invocation's outcome. */
    private record Invocation(boolean timedOut, boolean capped, int exitCode, Path resultFile, String stdout, String stderr,
                              HangDiagnosis hang) {
    }

    /**
     * One jcstress invocation, killed after {@code limit}; a {@code capped} limit (the budget's
     * rest) also runs during the wait for the turn, and no hang is diagnosed under it. An
     * invocation whose limit counts from the go is still cut at {@code budgetEnd} ({@link System#nanoTime()},
     * or null for no budget), for the wait for the turn may have used the budget up; it then
     * counts as capped.
     */
    private Invocation invoke(List<Path> submissionClassPath, Batch batch, Path dir, Duration limit, boolean capped,
                              Long budgetEnd) throws IOException, InterruptedException {
        boolean diagnose = !capped;
        List<String> command = command(submissionClassPath, batch.probes(), batch.timeMillis(), dir);
        Confinement confinement = new Confinement(sandbox,
                Stream.concat(Stream.of(probesJar), submissionClassPath.stream()).toList(), List.of(dir));
        if (turn != null) {
            turn.beforeStart();
        }
        ManagedProcess process = turn == null
                ? ManagedProcess.startConfined(command, dir, Map.of(), MAX_CAPTURED_BYTES, null, confinement)
                : ManagedProcess.startConfinedWithStdin(command, dir, Map.of(), MAX_CAPTURED_BYTES, confinement);
        boolean finished = false;
        HangDiagnosis hang = null;
        Closeable held = null;
        try {
            long until = System.nanoTime() + limit.toNanos();
            if (turn != null && process.awaitStdout(JcstressLauncher.AWAITING_TURN, limit)) {
                held = turn.take();
                if (!capped) {
                    until = System.nanoTime() + limit.toNanos();
                    if (budgetEnd != null && budgetEnd - until < 0) {
                        until = budgetEnd;
                        capped = true;
                        diagnose = false;
                    }
                }
                try {
                    process.sendLine("go");
                } catch (IOException exited) {
                    // the host ended before its forks: its exit code and output tell why
                }
            }
            Set<Long> healthy = new HashSet<>();
            // While it runs, a fork as old as HangDiagnosis.stuckAge is dumped at once: when two
            // dumps of it, one interval apart, show the same threads at the same places in a
            // probe's code, that probe hangs, and the rest need not wait for the invocation's
            // timeout; a fork found working is not dumped again until then.
            Map<Long, HangDiagnosis> suspects = new HashMap<>();
            while (!(finished = process.waitFor(min(WATCH_INTERVAL, Duration.ofNanos(until - System.nanoTime()))))) {
                if (System.nanoTime() - until >= 0) {
                    hang = diagnose ? diagnose(oldestFork(process, Set.of()), batch.probes(), dir) : null;
                    break;
                }
                if (diagnose) {
                    Optional<ProcessHandle> fork = oldestFork(process, healthy);
                    HangDiagnosis early = diagnose(fork, batch.probes(), dir);
                    if (early.probe() != null && early.anyRunning()) {
                        // an actor runs (slow or spinning): no more dumps of it (each stops the JVM
                        // at a safepoint); the invocation's timeout decides
                        healthy.add(fork.orElseThrow().pid());
                    } else if (early.probe() != null) {
                        HangDiagnosis before = suspects.put(fork.orElseThrow().pid(), early);
                        if (before != null && before.samePlace(early)) {
                            hang = early;
                            break;
                        }
                    } else if (early.stuck()) {
                        healthy.add(fork.orElseThrow().pid());
                    }
                }
            }
        } finally {
            process.killTree();
            if (held != null) {
                held.close();
            }
        }
        String out = process.stdout().text();
        String err = process.stderr().text();
        Files.writeString(dir.resolve("console.txt"), "$ " + String.join(" ", command) + "\n" + out
                + (err.isEmpty() ? "" : "\n--- stderr ---\n" + err), StandardCharsets.UTF_8);
        return new Invocation(!finished, capped, finished ? process.exitValue() : -1, resultFile(dir, out), out, err, hang);
    }

    List<String> command(List<Path> submissionClassPath, List<String> batch, int timeMillis, Path dir) throws IOException {
        String classPath = Stream.concat(Stream.of(hostClasses(dir.resolve("host")), probesJar),
                        submissionClassPath.stream().map(Path::toAbsolutePath))
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        String selector = batch.stream().map(Pattern::quote).collect(Collectors.joining("|", "^(?:", ")$"));
        List<String> command = new ArrayList<>(List.of(java.toString(), ParentWatch.property(), "-cp", classPath,
                JcstressHost.class.getName()));
        if (turn != null) {
            command.add(JcstressLauncher.AWAIT_TURN);
        }
        if (vmState != null) {
            command.addAll(List.of("--vm-state", vmState));
        }
        command.addAll(List.of("-sc", "false", "-iters", "1", "-time", Integer.toString(timeMillis), "-jvmArgs", FORK_JVM_ARGS,
                "-t", selector, "-r", dir.resolve("report").toString()));
        return command;
    }

    /**
     * Writes {@link JcstressHost} and the {@link ParentWatch} it uses, from the grader's own class
     * files, into {@code dir}: the host JVM's class path gets these two classes of the grader and
     * nothing else of it.
     *
     * @return {@code dir}
     */
    static Path hostClasses(Path dir) throws IOException {
        for (Class<?> c : List.of(JcstressHost.class, ParentWatch.class)) {
            String resource = c.getName().replace('.', '/') + ".class";
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            try (InputStream in = Objects.requireNonNull(JcstressRunner.class.getResourceAsStream("/" + resource), resource)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.toAbsolutePath();
    }

    /**
     * The result file jcstress announced on its console ("Test result blob: NAME", the first such
     * line: later console lines may quote the probes' own output), else the only one in the
     * directory; null when there is none, or several and no announcement.
     */
    private static Path resultFile(Path dir, String stdout) throws IOException {
        Matcher announced = RESULT_BLOB.matcher(stdout);
        if (announced.find()) {
            Path file = dir.resolve(Path.of(announced.group(1)).getFileName());
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz"))
                    .toList();
            return found.size() == 1 ? found.get(0) : null;
        }
    }

    // ---------------------------------------------------------------- after a timeout

    /** The oldest live jcstress fork whose pid is not in {@code skip}. */
    private static Optional<ProcessHandle> oldestFork(ManagedProcess process, Set<Long> skip) {
        return process.survivors().stream()
                .filter(h -> !skip.contains(h.pid()))
                .filter(h -> h.info().commandLine().orElse("").contains(FORKED_MAIN))
                .filter(h -> h.info().startInstant().isPresent())
                .min(Comparator.comparing(h -> h.info().startInstant().orElseThrow()));
    }

    /** Whether {@code fork} is stuck: dumped if it is at least {@link HangDiagnosis#stuckAge} old. */
    private HangDiagnosis diagnose(Optional<ProcessHandle> fork, List<String> batch, Path dir)
            throws InterruptedException {
        if (fork.isEmpty()) {
            return HangDiagnosis.none(Duration.ZERO);
        }
        Duration age = Duration.between(fork.get().info().startInstant().orElseThrow(), Instant.now());
        if (age.compareTo(HangDiagnosis.stuckAge(timeout)) < 0) {
            return HangDiagnosis.none(age);
        }
        Optional<String> dump = threadDump(fork.get().pid(), dir);
        return dump.map(d -> HangDiagnosis.fromDump(ThreadDump.parse(d), batch, age))
                .orElseGet(() -> HangDiagnosis.undumped(age));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b.isNegative() ? Duration.ZERO : b;
    }

    private Optional<String> threadDump(long pid, Path dir) throws InterruptedException {
        Path jcmd;
        try {
            jcmd = java.toRealPath().resolveSibling("jcmd");
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!Files.isExecutable(jcmd)) {
            return Optional.empty();
        }
        ManagedProcess p;
        try {
            p = ManagedProcess.start(List.of(jcmd.toString(), Long.toString(pid), "Thread.print"), dir, Map.of(),
                    MAX_CAPTURED_BYTES);
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            if (!p.waitFor(JCMD_TIMEOUT) || p.exitValue() != 0) {
                return Optional.empty();
            }
        } finally {
            p.killTree();
        }
        String text = p.stdout().text();
        try {
            Files.writeString(dir.resolve("thread-dump-" + pid + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException ignored) {
            // the dump is only kept for the instructor; the verdict does not need the file
        }
        return Optional.of(text);
    }

    // ---------------------------------------------------------------- after a normal end

    private List<Judged> judge(List<String> batch, Invocation inv) {
        List<Judged> judged = new ArrayList<>();
        if (inv.resultFile() == null) {
            for (String p : batch) {
                judged.add(new Judged(new ProbeVerdict(p, ProbeVerdict.Outcome.ERROR,
                        "jcstress wrote no result file (exit code " + inv.exitCode() + "): " + lastLine(inv),
                        consoleTail(inv)), 0));
            }
            return judged;
        }
        Map<String, Object> read;
        try {
            read = readResults(inv.resultFile());
        } catch (IOException | RuntimeException | LinkageError e) {
            for (String p : batch) {
                judged.add(new Judged(new ProbeVerdict(p, ProbeVerdict.Outcome.ERROR,
                        "Cannot read jcstress's result file " + inv.resultFile().getFileName() + ": " + e,
                        consoleTail(inv)), 0));
            }
            return judged;
        }
        @SuppressWarnings("unchecked")
        List<String> known = (List<String>) read.get("known");
        Map<String, ProbeResult> results = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> raw = (List<Map<String, Object>>) read.get("results");
        for (Map<String, Object> m : raw) {
            ProbeResult r = ProbeResult.fromMap(m);
            results.put(r.name(), r);
        }
        for (String p : batch) {
            ProbeResult r = results.get(p);
            if (r != null) {
                judged.add(new Judged(Verdicts.of(r), r.total()));
            } else if (!known.contains(p)) {
                judged.add(new Judged(new ProbeVerdict(p, ProbeVerdict.Outcome.ERROR,
                        "No such probe in " + probesJar.getFileName() + " (not in its META-INF/TestList).", List.of()), 0));
            } else {
                judged.add(new Judged(new ProbeVerdict(p, ProbeVerdict.Outcome.ERROR,
                        "jcstress produced no result for this probe (exit code " + inv.exitCode() + ").",
                        consoleTail(inv)), 0));
            }
        }
        return judged;
    }

    /** Reads the result file with {@link IsolatedResultReader} in a class loader over the probes jar. */
    private Map<String, Object> readResults(Path resultFile) throws IOException {
        URL graderClasses = Optional.ofNullable(IsolatedResultReader.class.getProtectionDomain().getCodeSource())
                .map(cs -> cs.getLocation())
                .orElseThrow(() -> new IOException("cannot locate the grader's own classes"));
        URL[] urls = {probesJar.toUri().toURL(), graderClasses};
        try (URLClassLoader loader = new URLClassLoader("jcstress-results", urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> reader = Class.forName(IsolatedResultReader.class.getName(), true, loader);
            @SuppressWarnings("unchecked")
            Function<Path, Map<String, Object>> read =
                    (Function<Path, Map<String, Object>>) reader.getConstructor().newInstance();
            return read.apply(resultFile);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot load the jcstress result reader from " + probesJar, e);
        }
    }

    private static List<String> consoleTail(Invocation inv) {
        List<String> lines = new ArrayList<>();
        lines.add("jcstress console (last lines):");
        List<String> all = Stream.concat(inv.stdout().lines(), inv.stderr().lines())
                .filter(l -> !l.isBlank()).toList();
        all.subList(Math.max(0, all.size() - CONSOLE_TAIL_LINES), all.size()).forEach(l -> lines.add("    " + l));
        return lines;
    }

    private static String lastLine(Invocation inv) {
        List<String> all = Stream.concat(inv.stdout().lines(), inv.stderr().lines())
                .filter(l -> !l.isBlank()).toList();
        return all.isEmpty() ? "no output" : all.get(all.size() - 1).strip();
    }
}
