package edu.concurrency.grader.fork;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.concurrency.grader.report.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * signed with it.
 *
 * <p>Exit codes: 0 when every criterion of the plan has a verdict or a criterion left threads
 * running (the grader then restarts it for the rest); {@value #HALT_TIMEOUT} when the watchdog
 * stopped a hanging criterion; 2 when the plan cannot be read. Any other exit means the
 * submission ended the JVM itself.
 */
public final class ForkMain {
    /** Exit code after the watchdog reported a hang. */
    public static final int HALT_TIMEOUT = 97;
    /** Per-check timeout of JUnit, as a fraction of the criterion's watchdog. */
    private static final double TEST_TIMEOUT_SHARE = 0.5;
    /** How long threads started by a criterion get to end after it, in ms. */
    private static final long STRAY_GRACE_MILLIS = 1000;

    /** Length of the signing key the grader sends on stdin, in bytes. */
    public static final int KEY_BYTES = 32;

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Daemon threads the JDK keeps for a while after the code that caused them is done (the
     * HttpClient's selector and workers, the common pool, CompletableFuture's delay scheduler):
     * not a leak of the submission.
     */
    private static final Pattern JDK_OWNED = Pattern.compile(
            "HttpClient-\\d+-(SelectorManager|Worker-\\d+)|ForkJoinPool\\.commonPool-worker-\\d+|CompletableFutureDelayScheduler");

    private final ForkPlan plan;
    private final OutputStream results;
    private final ResultSigner signer;

    private ForkMain(ForkPlan plan, OutputStream results, ResultSigner signer) {
        this.plan = plan;
        this.results = results;
        this.signer = signer;
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
        new ForkMain(plan, results, signer).runAll();
        // Non-daemon threads the submission left behind must not keep this JVM alive.
        Runtime.getRuntime().halt(0);
    }

    private void runAll() {
        for (ForkPlan.PlannedCriterion criterion : plan.criteria()) {
            write(new ForkEvent(ForkEvent.START, criterion.id(), null));
            SuiteOutcome outcome = runCriterion(criterion);
            write(new ForkEvent(ForkEvent.RESULT, criterion.id(), outcome));
            if (!outcome.strayThreads().isEmpty()) {
                return; // a fresh JVM for the rest, so that leftover threads cannot disturb them
            }
        }
    }

    private SuiteOutcome runCriterion(ForkPlan.PlannedCriterion criterion) {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        long start = System.nanoTime();
        SuiteOutcome outcome = null;
        for (int attempt = 1; attempt <= criterion.attempts(); attempt++) {
            outcome = runAttempt(criterion, attempt, start);
            if (outcome.status() != Status.FAILED) {
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

    private SuiteOutcome runAttempt(ForkPlan.PlannedCriterion criterion, int attempt, long start) {
        AtomicBoolean finished = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grader-watchdog");
            t.setDaemon(true);
            return t;
        });
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            if (finished.compareAndSet(false, true)) {
                String dump = ThreadDumps.dump(plan.exercisePackage());
                String summary = "Hang: the criterion did not finish within " + criterion.timeoutMillis() / 1000
                        + " s (deadlock, lost wakeup or an endless loop?); the thread dump shows who waits on what";
                write(new ForkEvent(ForkEvent.RESULT, criterion.id(), new SuiteOutcome(Status.FAILED, summary, List.of(),
                        java.util.Map.of(), dump, millisSince(start), attempt, List.of())));
                Runtime.getRuntime().halt(HALT_TIMEOUT);
            }
        }, criterion.timeoutMillis(), TimeUnit.MILLISECONDS);
        try {
            CriterionListener listener = new CriterionListener(plan.exercisePackage());
            Launcher launcher = LauncherFactory.create();
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(criterion.tests().stream().map(ForkMain::selector).toList())
                    .configurationParameter("junit.jupiter.execution.timeout.default",
                            Math.max(1, Math.round(criterion.timeoutMillis() * TEST_TIMEOUT_SHARE)) + " ms")
                    .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                    .build(), listener);
            return listener.outcome(millisSince(start), attempt);
        } finally {
            if (!finished.compareAndSet(false, true)) {
                // the watchdog is reporting a hang and halting the JVM: let it
                sleepForever();
            }
            alarm.cancel(false);
            watchdog.shutdownNow();
        }
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
