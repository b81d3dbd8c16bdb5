package edu.concurrency.grader.fork;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.concurrency.grader.process.ParentWatch;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.verdict.Requirements;
import edu.concurrency.grader.verdict.SuiteOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Entry point of the submission's JVM: {@code ForkMain PLAN.json}.
 *
 * <p>stdin carries the {@link ResultSigner} key ({@value #KEY_BYTES} bytes); every results line is
 * signed with it. A plan that {@linkplain ForkPlan#awaitsGo() awaits its go} is started ahead of its
 * turn: the JVM reads the key, gets JUnit ready ({@link #warmUp()}), and runs nothing of the plan
 * before a {@link ForkGo} line follows the key.
 *
 * <p>System properties read: {@value #MAX_THREADS_PROPERTY} (the thread limit, default {@value
 * #DEFAULT_MAX_THREADS}) and {@value #HEAP_PROPERTY} (the {@code -Xmx} of this JVM in MiB, for
 * feedback only).
 *
 * <p>Each attempt of a criterion has a watchdog that reports a hang with a thread dump when the
 * criterion's time is up; when the plan gives a stall time, a {@link StallDetector} reports it as
 * soon as every thread of the check and the submission has waited, untimed and unchanged, that long.
 *
 * <p>A daemon thread started before any class of the submission runs polls the number of live
 * threads every {@value #THREAD_POLL_MILLIS} ms; above the limit it writes a FAILED verdict for the
 * running criterion ("Too many threads: ...", see {@link Feedback#threadLimit}) and halts the JVM.
 *
 * <p>A {@link ParentWatch} halts this JVM, after killing its descendants, as soon as the grader
 * that started it is gone (exit code {@value #HALT_ORPHANED}).
 *
 * <p>Exit codes: 0 when every criterion of the plan has a verdict or a criterion left threads
 * running (the grader then restarts it for the rest); {@value #HALT_TIMEOUT} when the watchdog
 * stopped a hanging criterion; {@value #HALT_THREADS} when the thread limit was exceeded;
 * {@value #HALT_BROKEN} when an error the JUnit Platform does not contain (an OutOfMemoryError
 * thrown by Java code, such as "unable to create native thread") ended a criterion, whose verdict
 * was written; 2 when the plan cannot be read. Any other exit means the submission ended the JVM
 * itself, or the JVM ended on an OutOfMemoryError ({@code -XX:+ExitOnOutOfMemoryError}, exit code
 * 3, "Terminating due to java.lang.OutOfMemoryError: ..." on stdout).
 */
public final class ForkMain {
    /** Exit code after the watchdog reported a hang. */
    public static final int HALT_TIMEOUT = 97;
    /** Exit code after the thread limit was exceeded and reported. */
    public static final int HALT_THREADS = 96;
    /** Exit code after an error escaped the JUnit Platform and was reported as the criterion's verdict. */
    public static final int HALT_BROKEN = 95;
    /** Exit code when the grader that started this JVM is gone (killed with SIGKILL, say): nobody waits for verdicts. */
    public static final int HALT_ORPHANED = 94;
    /** System property: the most live threads the submission's JVM may have. */
    public static final String MAX_THREADS_PROPERTY = "grader.max.threads";
    /** System property: the JVM's maximum heap in MiB, for feedback. */
    public static final String HEAP_PROPERTY = "grader.heap.megabytes";
    /** Thread limit when {@value #MAX_THREADS_PROPERTY} is not set. */
    public static final int DEFAULT_MAX_THREADS = 2000;
    /** How often the live threads are counted, in ms. */
    static final long THREAD_POLL_MILLIS = 20;
    /** How many of the most common thread names the thread-limit feedback shows. */
    private static final int COMMON_NAMES = 3;
    /** Per-check timeout of JUnit, as a fraction of the criterion's watchdog. */
    private static final double TEST_TIMEOUT_SHARE = 0.5;
    /** How often the {@link StallDetector} samples the threads, in ms. */
    private static final long STALL_SAMPLE_MILLIS = 250;
    /** How long threads started by a criterion get to end after it, in ms. */
    private static final long STRAY_GRACE_MILLIS = 1000;

    /** Length of the signing key the grader sends on stdin, in bytes. */
    public static final int KEY_BYTES = 32;

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Daemon threads the JDK keeps for a while after the code that caused them is done (the
     * HttpClient's selector and workers, the common pool, CompletableFuture's delay scheduler,
     * the pool that waits for child processes to exit, whose threads linger 10 s):
     * not a leak of the submission.
     */
    private static final Pattern JDK_OWNED = Pattern.compile(
            "HttpClient-\\d+-(SelectorManager|Worker-\\d+)|ForkJoinPool\\.commonPool-worker-\\d+|CompletableFutureDelayScheduler"
                    + "|process reaper");

    private final ForkPlan plan;
    private final OutputStream results;
    private final ResultSigner signer;
    private final int maxThreads;
    private final int heapMegabytes;
    /** The criterion running now, else null; guarded by {@code this}. */
    private String running;
    /** Set when an error escaped the JUnit Platform: the rest need a fresh JVM. */
    private volatile boolean broken;

    private ForkMain(ForkPlan plan, OutputStream results, ResultSigner signer, int maxThreads, int heapMegabytes) {
        this.plan = plan;
        this.results = results;
        this.signer = signer;
        this.maxThreads = maxThreads;
        this.heapMegabytes = heapMegabytes;
    }

    public static void main(String[] args) {
        ForkPlan plan;
        OutputStream results;
        ResultSigner signer;
        try {
            // the key comes first, before any class of the submission can run
            signer = new ResultSigner(System.in.readNBytes(KEY_BYTES));
            plan = JSON.readValue(Path.of(args[0]).toFile(), ForkPlan.class);
            results = Files.newOutputStream(Path.of(plan.resultsFile()), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            System.err.println("grader fork: cannot read the plan: " + e);
            Runtime.getRuntime().halt(2);
            return;
        }
        // a grader killed with SIGKILL runs no shutdown hook to kill this JVM: it ends itself, and what it started
        ParentWatch.start(() -> ParentWatch.killDescendantsAndHalt(HALT_ORPHANED));
        if (plan.awaitsGo()) {
            // started ahead of its turn: get ready, then wait (no class of the submission has run yet)
            warmUp();
            ForkGo go;
            try {
                go = readGo(System.in);
            } catch (IOException | RuntimeException e) {
                go = null;
            }
            if (go == null) {
                System.err.println("grader fork: stdin ended before the go line");
                Runtime.getRuntime().halt(2);
                return;
            }
            plan = plan.with(go);
        }
        ForkMain fork = new ForkMain(plan, results, signer,
                Integer.getInteger(MAX_THREADS_PROPERTY, DEFAULT_MAX_THREADS), Integer.getInteger(HEAP_PROPERTY, 0));
        fork.startThreadLimit();
        fork.runAll();
        // Non-daemon threads the submission left behind must not keep this JVM alive.
        Runtime.getRuntime().halt(fork.broken ? HALT_BROKEN : 0);
    }

    /**
     * Loads and initialises what the first criterion would otherwise pay for: the JUnit Platform's
     * launcher and the Jupiter engine (a discovery that finds no test). Only the grader's classes
     * and JUnit's run here.
     */
    static void warmUp() {
        try {
            LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(ForkMain.class)).build());
        } catch (RuntimeException | LinkageError e) {
            // a warm-up only: the criteria meet the same problem and report it
        }
    }

    /**
     * Reads the {@link ForkGo} line from {@code in}.
     *
     * @return the go, or null when {@code in} ends before a newline or the line exceeds
     *     {@value ForkGo#MAX_BYTES} bytes
     * @throws IOException when {@code in} cannot be read or the line is not a {@link ForkGo}
     */
    static ForkGo readGo(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.size() >= ForkGo.MAX_BYTES) {
                return null;
            }
            line.write(b);
        }
        return JSON.readValue(line.toByteArray(), ForkGo.class);
    }

    private void runAll() {
        Map<String, String> notPassed = new LinkedHashMap<>(plan.notPassed());
        for (ForkPlan.PlannedCriterion criterion : plan.criteria()) {
            begin(criterion.id());
            List<String> unmet = Requirements.unmet(criterion.requires(), notPassed);
            SuiteOutcome outcome = unmet.isEmpty() ? runCriterion(criterion) : Requirements.notRun(unmet, notPassed);
            end(criterion.id(), outcome);
            if (outcome.status() != Status.PASSED) {
                notPassed.put(criterion.id(), outcome.summary().lines().findFirst().orElse(""));
            }
            if (!outcome.strayThreads().isEmpty() || broken) {
                return; // a fresh JVM for the rest, so that leftover threads cannot disturb them
            }
        }
    }

    private synchronized void begin(String id) {
        running = id;
        write(new ForkEvent(ForkEvent.START, id, null));
    }

    private synchronized void end(String id, SuiteOutcome outcome) {
        write(new ForkEvent(ForkEvent.RESULT, id, outcome));
        running = null;
    }

    /** Starts the daemon thread that enforces the thread limit. */
    private void startThreadLimit() {
        Thread monitor = new Thread(this::watchThreads, "grader-thread-limit");
        monitor.setDaemon(true);
        monitor.setPriority(Thread.MAX_PRIORITY);
        monitor.start();
    }

    private void watchThreads() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        while (true) {
            try {
                int live = mx.getThreadCount();
                if (live > maxThreads) {
                    overThreadLimit(mx, live);
                }
                Thread.sleep(THREAD_POLL_MILLIS);
            } catch (Throwable e) {
                // an interrupt, or a Thread.stop by the submission: only the halt ends this thread
            }
        }
    }

    /** Reports the running criterion as FAILED for too many threads, and halts the JVM. */
    private synchronized void overThreadLimit(ThreadMXBean mx, int live) {
        String names;
        try {
            names = commonNames(mx.getThreadInfo(mx.getAllThreadIds(), 0));
        } catch (RuntimeException | OutOfMemoryError e) {
            names = "(not available: " + e + ")";
        }
        if (running != null) {
            write(new ForkEvent(ForkEvent.RESULT, running, new SuiteOutcome(Status.FAILED,
                    Feedback.threadLimit(live, maxThreads, names), List.of(), Map.of(), null, 0, 1, List.of())));
        }
        Runtime.getRuntime().halt(HALT_THREADS);
    }

    /**
     * The most common thread names, digits folded to {@code N} ({@code "pool-N-thread-N" x 1990}),
     * most frequent first.
     */
    static String commonNames(ThreadInfo[] threads) {
        Map<String, Long> counts = Arrays.stream(threads).filter(Objects::nonNull)
                .map(t -> t.getThreadName().replaceAll("\\d+", "N"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(COMMON_NAMES)
                .map(e -> "\"" + e.getKey() + "\" x " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private SuiteOutcome runCriterion(ForkPlan.PlannedCriterion criterion) {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        long start = System.nanoTime();
        SuiteOutcome outcome = null;
        for (int attempt = 1; attempt <= criterion.attempts(); attempt++) {
            Attempt tried = runAttempt(criterion, attempt, start);
            outcome = tried.outcome();
            // another attempt may pass a timing miss, never a hang or a clear miss
            if (outcome.status() != Status.FAILED || broken || tried.decisive()) {
                break;
            }
        }
        List<String> stray = strayThreads(before);
        if (!stray.isEmpty()) {
            outcome = new SuiteOutcome(outcome.status(), outcome.summary(), outcome.failures(), outcome.measurements(),
                    outcome.threadDump(), outcome.durationMillis(), outcome.attempts(), stray);
        }
        return outcome;
    }

    /** One attempt's verdict, and whether it is decisive: a check of it hung or clearly missed its threshold. */
    private record Attempt(SuiteOutcome outcome, boolean decisive) {
    }

    private Attempt runAttempt(ForkPlan.PlannedCriterion criterion, int attempt, long start) {
        AtomicBoolean finished = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grader-watchdog");
            t.setDaemon(true);
            return t;
        });
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            if (finished.compareAndSet(false, true)) {
                reportHang(criterion, "Hang: the criterion did not finish within " + criterion.timeoutMillis() / 1000
                        + " s (deadlock, lost wakeup or an endless loop?); the thread dump shows who waits on what",
                        start, attempt, List.of());
            }
        }, criterion.timeoutMillis(), TimeUnit.MILLISECONDS);
        if (plan.stallMillis() > 0) {
            StallDetector stall = new StallDetector(plan.exercisePackage(), plan.stallMillis(),
                    plan.repeatedStallMillis(), plan.stalledBefore());
            watchdog.scheduleWithFixedDelay(() -> {
                if (stall.sample() && finished.compareAndSet(false, true)) {
                    List<String> where = stall.where();
                    String same = stall.repeatsAnEarlierStall() ? "the same hang as in an earlier criterion: " : "";
                    long waited = same.isEmpty() ? plan.stallMillis() : plan.repeatedStallMillis();
                    reportHang(criterion, "Hang: " + same + "for " + waited / 1000.0 + " s every thread of the check"
                            + " and of the submission waited, untimed, and none of them changed (deadlock or lost"
                            + " wakeup: nothing could wake them)" + (where.isEmpty() ? "" : "; waiting at "
                            + String.join(", ", where)) + "; the thread dump shows who waits on what", start, attempt,
                            where);
                }
            }, STALL_SAMPLE_MILLIS, STALL_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        }
        try {
            CriterionListener listener = new CriterionListener(plan.exercisePackage());
            try {
                Launcher launcher = LauncherFactory.create();
                launcher.execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(criterion.tests().stream().map(ForkMain::selector).toList())
                        .configurationParameter("junit.jupiter.execution.timeout.default",
                                Math.max(1, Math.round(criterion.timeoutMillis() * TEST_TIMEOUT_SHARE)) + " ms")
                        .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                        // the suites' own extensions (a criterion stops at its first hang)
                        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                        .build(), listener);
            } catch (Throwable escaped) {
                // The JUnit Platform rethrows an OutOfMemoryError (with -XX:+ExitOnOutOfMemoryError only
                // those thrown by Java code get here): this JVM cannot be trusted for the rest.
                broken = true;
                return new Attempt(escaped(escaped, millisSince(start), attempt), false);
            }
            return new Attempt(listener.outcome(millisSince(start), attempt), listener.decisive());
        } finally {
            if (!finished.compareAndSet(false, true)) {
                // the watchdog is reporting a hang and halting the JVM: let it
                sleepForever();
            }
            alarm.cancel(false);
            watchdog.shutdownNow();
        }
    }

    /** Reports the running criterion as hanging, with a thread dump, and halts the JVM. */
    private void reportHang(ForkPlan.PlannedCriterion criterion, String summary, long start, int attempt,
                            List<String> stalledAt) {
        String dump = ThreadDumps.dump(plan.exercisePackage());
        write(new ForkEvent(ForkEvent.RESULT, criterion.id(), new SuiteOutcome(Status.FAILED, summary, List.of(),
                Map.of(), dump, millisSince(start), attempt, List.of(), stalledAt)));
        Runtime.getRuntime().halt(HALT_TIMEOUT);
    }

    /** The verdict of a criterion whose check threw an error the JUnit Platform does not contain. */
    private SuiteOutcome escaped(Throwable t, long durationMillis, int attempt) {
        String location = Feedback.location(t, plan.exercisePackage());
        String summary = t instanceof OutOfMemoryError
                ? Feedback.outOfMemory(String.valueOf(t), heapMegabytes)
                : "The check broke down with " + t + " (" + Feedback.describe(t) + "); the other criteria ran in a fresh JVM";
        summary += location == null ? "" : " (at " + location + ")";
        return new SuiteOutcome(t instanceof OutOfMemoryError || location != null ? Status.FAILED : Status.ERROR,
                summary, List.of(), Map.of(), null, durationMillis, attempt, List.of());
    }

    /** {@code Class} or {@code Class#method}; a method is found by name, whatever its parameters. */
    private static DiscoverySelector selector(String test) {
        int hash = test.indexOf('#');
        if (hash < 0) {
            return selectClass(test);
        }
        String className = test.substring(0, hash);
        String methodName = test.substring(hash + 1);
        try {
            Class<?> type = Class.forName(className, false, ForkMain.class.getClassLoader());
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(methodName)) {
                        return selectMethod(type, m);
                    }
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // let JUnit report the selector it cannot resolve
        }
        return selectMethod(test);
    }

    private static List<String> strayThreads(Set<Thread> before) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STRAY_GRACE_MILLIS);
        List<Thread> stray;
        do {
            stray = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .filter(t -> !t.getName().startsWith("junit-") && !t.getName().startsWith("grader-"))
                    .filter(t -> !(t.isDaemon() && JDK_OWNED.matcher(t.getName()).matches()))
                    .toList();
            if (stray.isEmpty()) {
                return List.of();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        return stray.stream().map(t -> "\"" + t.getName() + "\" " + t.getState()).collect(Collectors.toList());
    }

    private synchronized void write(ForkEvent event) {
        try {
            results.write((signer.sign(JSON.writeValueAsString(event)) + "\n").getBytes(StandardCharsets.UTF_8));
            results.flush();
        } catch (IOException e) {
            System.err.println("grader fork: cannot write a result: " + e);
            Runtime.getRuntime().halt(2);
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static void sleepForever() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // wait for the halt
            }
        }
    }
}
