package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.fork.ClearMiss;
import edu.concurrency.grader.suites.pipeline.stages.CpuStage;
import edu.concurrency.pipeline.ProcessPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code pipeline.perf.speedup}: with a CPU-bound stage ({@link CpuStage}), map on
 * {@code k = min(cores, 4)} workers is faster than on 1 worker.
 *
 * <p>Method. Both pipelines are started first (JVM start-up is not measured here; that is
 * {@link OverheadSuite}'s subject), and the task size is calibrated in this JVM to about
 * {@value #TASK_MILLIS} ms. One warm-up round, then up to {@value #ROUNDS} measured rounds (at least
 * {@value #MIN_ROUNDS}; no new one after 5 s of measuring); each round
 * times, back to back, the same {@code 8k} tasks on 1 thread and on {@code k} threads of this JVM,
 * then on the 1-worker and on the {@code k}-worker pipeline. The best time of each of the four is
 * kept. Interleaving makes a load that comes and goes hit all four alike. A clear pass after
 * {@value #MIN_ROUNDS} measured rounds ends the measuring ({@link #CLEAR_PASS_MARGIN}), and so does
 * a clear miss, which is not tried again ({@link #CLEAR_MISS_SPEEDUP}).
 *
 * <p>Threshold. {@code speedup = best(1 worker) / best(k workers)} must reach
 * {@code max(1.2, min(1 + 0.4 (k - 1), 0.85 * machine))}, where {@code machine} is the speedup the
 * same work reached on {@code k} threads in this JVM in the same run:
 * <ul>
 *   <li>{@code 1 + 0.4 (k - 1)} (1.4 on 2 cores, 2.2 on 4) asks for 70% parallel efficiency on 2
 *       cores and 55% on 4: the workers are separate JVMs whose JIT and GC threads compete for the
 *       same cores, and the parent's reader threads need some CPU too. The reference solution
 *       reached 1.8-1.95 on 2 idle cores.</li>
 *   <li>{@code 0.85 * machine}: on a loaded machine k threads cannot reach k either (with two
 *       CPU hogs on 2 cores, theory gives 1.5 for threads and workers alike); the threshold then
 *       follows what the machine delivers right now, with 15% for process overhead.</li>
 *   <li>never below 1.2: a pipeline that computes on one worker at a time gets 1.0 (plus noise of
 *       a few per cent), so 1.2 still tells parallel from serial.</li>
 * </ul>
 * If the machine itself reaches less than {@value #MIN_MACHINE} with k threads, it is too busy to
 * judge and the check is skipped, as it is on 1 core, unless the pipeline passed clearly
 * ({@link #tooBusyToJudge}). The criterion has retries (attempts in the
 * rubric).
 */
@DisplayName("pipeline.perf.speedup")
class PipelineSpeedupSuite {
    /** Target duration of one task, in ms. */
    static final int TASK_MILLIS = 20;
    /** Tasks per worker of the k-worker pipeline in one measurement. */
    static final int TASKS_PER_WORKER = 8;
    /** Measured rounds, after one warm-up round: best of up to 5, as the load of a shared machine comes and goes. */
    static final int ROUNDS = 5;
    /** At least this many measured rounds, whatever the time. */
    static final int MIN_ROUNDS = 2;
    /**
     * No new round starts once the measured rounds took this long (on an idle 2-core machine a
     * round takes about 1 s; on a machine so loaded that a round takes 2.5 s or more, more rounds
     * mostly cost time, and the grading budget is 45 s for the whole exercise).
     */
    static final long MEASURING_BUDGET_NANOS = 5_000_000_000L;
    /** The threshold is never below this. */
    static final double FLOOR = 1.2;
    /** Share of the machine's own speedup a pipeline must reach when the machine is loaded. */
    static final double MACHINE_SHARE = 0.85;
    /** Below this machine speedup the check is skipped: the machine is too busy to judge. */
    static final double MIN_MACHINE = 1.3;

    /**
     * After {@value #MIN_ROUNDS} measured rounds, a speedup of this many times the idle machine's
     * threshold ends the measuring early: 1.54x on 2 cores, which a serial pipeline (1.0x) or one
     * that overlaps its workers only part of the time (the 1.2-1.4x of a pipeline that waits for
     * each answer before it sends the next task to another worker) does not reach by noise, and the
     * reference reaches in every round (1.8-1.95x). The threshold itself never exceeds
     * {@link #target(int)}, so more rounds could only change the verdict by finding a faster
     * 1-worker time, which 10% of margin covers.
     */
    static final double CLEAR_PASS_MARGIN = 1.1;

    /**
     * After {@value #MIN_ROUNDS} measured rounds, a speedup of at most this much, while {@code k}
     * threads of the same work in this JVM reached at least {@link #CLEAR_MISS_MACHINE_SHARE} of
     * {@code k} in the same rounds, ends the measuring and fails without another attempt
     * ({@link ClearMiss}): the pipeline computes on one worker at a time (1.0x, plus noise of a few
     * per cent) on a machine that is not busy; the reference reaches 1.8-1.95x there.
     */
    static final double CLEAR_MISS_SPEEDUP = 1.1;
    /** The share of {@code k} the machine's own speedup must reach for a clear miss (1.7x on 2 cores). */
    static final double CLEAR_MISS_MACHINE_SHARE = 0.85;

    /** The threshold on an idle machine with k cores: 1.4 on 2, 1.8 on 3, 2.2 on 4. */
    static double target(int k) {
        return 1 + 0.4 * (k - 1);
    }

    @Test
    @DisplayName("map with a CPU-bound stage on min(cores, 4) workers is faster than on 1 worker (1.4x on 2 cores)")
    void moreWorkersAreFaster(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter, false)) {
            int cores = h.env.cores();
            h.publish("cores", Integer.toString(cores));
            Assumptions.assumeTrue(cores >= 2, "a speedup needs at least 2 cores; this machine has " + cores);
            int k = Math.min(cores, 4);
            long iterations = calibrate(TASK_MILLIS);
            List<String> inputs = Collections.nCopies(TASKS_PER_WORKER * k, Long.toString(iterations));
            ProcessPipeline one = h.open(CpuStage.class, 1);
            ProcessPipeline many = h.open(CpuStage.class, k);
            Duration deadline = h.seconds(20);
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
            long measuring = 0;
            int rounds = 0;
            for (int round = 0; round <= ROUNDS && !(round > MIN_ROUNDS && measuring > MEASURING_BUDGET_NANOS)
                    && !clearPass(rounds, best, k) && !clearMiss(rounds, best, k); round++) {
                long roundStart = System.nanoTime();
                long[] t = {
                    threads(1, inputs.size(), iterations),
                    threads(k, inputs.size(), iterations),
                    timedMap(h, one, inputs, deadline, "map of " + inputs.size() + " CPU-bound tasks on 1 worker"),
                    timedMap(h, many, inputs, deadline, "map of " + inputs.size() + " CPU-bound tasks on " + k + " workers")
                };
                if (round > 0) { // round 0 warms up the JIT in every JVM
                    for (int i = 0; i < 4; i++) {
                        best[i] = Math.min(best[i], t[i]);
                    }
                    measuring += System.nanoTime() - roundStart;
                    rounds++;
                }
            }
            h.publish("rounds", Integer.toString(rounds));
            double machine = (double) best[0] / best[1];
            double speedup = (double) best[2] / best[3];
            double threshold = Math.max(FLOOR, Math.min(target(k), MACHINE_SHARE * machine));
            h.publish("workers", Integer.toString(k));
            h.publish("tasks", inputs.size() + " x " + TASK_MILLIS + " ms");
            h.publish("1-worker-ms", millis(best[2]));
            h.publish(k + "-workers-ms", millis(best[3]));
            h.publish("speedup", format(speedup));
            h.publish("machine-speedup", format(machine) + " (" + k + " threads in one JVM)");
            h.publish("threshold", format(threshold));
            Assumptions.assumeFalse(tooBusyToJudge(rounds, best, k), "the machine is too busy to judge a speedup: " + k
                    + " threads of the same work reached only " + format(machine) + "x here (needed: " + MIN_MACHINE + "x)");
            if (speedup < threshold) {
                String why = String.format(Locale.ROOT, "Too little speedup: %d CPU-bound tasks took %s ms on 1 worker and %s ms"
                        + " on %d workers, a speedup of %.2fx; the threshold is %.2fx (%d threads in this JVM reached"
                        + " %.2fx). Do all workers compute at the same time? Send tasks to every worker before waiting"
                        + " for answers, and use as many workers as the constructor was given.", inputs.size(),
                        millis(best[2]), millis(best[3]), k, speedup, threshold, k, machine);
                throw clearMiss(rounds, best, k) ? new ClearMiss(why) : new AssertionError(why);
            }
        }
    }

    /**
     * Whether the rounds so far show a serial pipeline on a machine that is not busy, which neither
     * a further round nor another attempt would make pass (see {@link #CLEAR_MISS_SPEEDUP}).
     */
    static boolean clearMiss(int measuredRounds, long[] best, int k) {
        return measuredRounds >= MIN_ROUNDS && (double) best[2] / best[3] <= CLEAR_MISS_SPEEDUP
                && (double) best[0] / best[1] >= CLEAR_MISS_MACHINE_SHARE * k;
    }

    /**
     * Whether the machine was too busy for a verdict: {@code k} threads of the same work reached
     * less than {@value #MIN_MACHINE}x, and the pipeline did not pass clearly ({@link #clearPass}).
     * A clear pass stands however busy the machine was: load slows a parallel pipeline down, and
     * the 1.54x of a clear pass is not reached by a serial one. (The reference once reached 1.79x
     * in CI while threads, measured between its maps, reached 1.13x, and it was skipped.)
     */
    static boolean tooBusyToJudge(int measuredRounds, long[] best, int k) {
        return (double) best[0] / best[1] < MIN_MACHINE && !clearPass(measuredRounds, best, k);
    }

    /** Whether the rounds so far already show a speedup no further round would make fail (see {@link #CLEAR_PASS_MARGIN}). */
    static boolean clearPass(int measuredRounds, long[] best, int k) {
        return measuredRounds >= MIN_ROUNDS && (double) best[2] / best[3] >= CLEAR_PASS_MARGIN * target(k);
    }

    /**
     * Iterations of {@link CpuStage#burn} that take about {@code millis} ms on one core of this
     * machine: after a warm-up, the fastest of 7 timed runs of about 5 ms counts (a run during
     * which the thread lost its core only looks slower).
     */
    static long calibrate(int millis) {
        long n = 1_000_000;
        long sink = 0;
        for (int i = 0; i < 30; i++) {
            sink += CpuStage.burn(n);
        }
        long elapsed = Long.MAX_VALUE;
        while (true) {
            long t0 = System.nanoTime();
            sink += CpuStage.burn(n);
            elapsed = System.nanoTime() - t0;
            if (elapsed > 5_000_000 || n > 1L << 40) {
                break;
            }
            n *= 2;
        }
        for (int i = 0; i < 7; i++) {
            long t0 = System.nanoTime();
            sink += CpuStage.burn(n);
            elapsed = Math.min(elapsed, System.nanoTime() - t0);
        }
        if (sink == 42) {
            System.out.print(""); // keeps sink alive
        }
        return Math.max(1, Math.round(n * (millis * 1e6 / elapsed)));
    }

    /** Runs {@code tasks} burns on {@code threads} threads of this JVM; returns the wall time in ns. */
    static long threads(int threads, int tasks, long iterations) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                long sink = 0;
                while (next.getAndIncrement() < tasks) {
                    sink += CpuStage.burn(iterations);
                }
                if (sink == 42) {
                    System.out.print("");
                }
            }, "grader-cpu-" + i);
            all.add(t);
            t.start();
        }
        for (Thread t : all) {
            t.join();
        }
        return System.nanoTime() - t0;
    }

    private static long timedMap(PipelineHarness h, ProcessPipeline pipeline, List<String> inputs, Duration deadline, String what)
            throws Exception {
        long t0 = System.nanoTime();
        List<String> out = h.map(pipeline, inputs, deadline, what, "Hang");
        long elapsed = System.nanoTime() - t0;
        String expected = new CpuStage().apply(inputs.get(0));
        if (out.size() != inputs.size() || !out.stream().allMatch(expected::equals)) {
            fail("Wrong outputs from " + what + ": " + PipelineHarness.abbreviate(out.toString(), 200));
        }
        return elapsed;
    }

    private static String millis(long nanos) {
        return Long.toString(nanos / 1_000_000);
    }

    private static String format(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
