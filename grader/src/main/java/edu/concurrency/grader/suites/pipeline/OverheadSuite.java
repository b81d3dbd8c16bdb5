package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.fork.HangError;
import edu.concurrency.grader.process.ManagedProcess;
import edu.concurrency.grader.suites.pipeline.stages.TagStage;
import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.pipeline.ProcessPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code pipeline.perf.overhead}: the cost of one task, once the workers run, is a
 * round trip through two pipes, not a JVM start.
 *
 * <p>Method. A pipeline of 2 workers with the trivial {@link TagStage}; two warm-up calls of
 * {@value #WARM_UP_TASKS} tasks, then {@value #ROUNDS} calls of {@value #TASKS} tasks; the best
 * time counts. For the report, the time of one JVM start (a worker with an empty stdin) is
 * measured too.
 *
 * <p>Threshold: {@value #TASKS} tasks within {@value #BOUND_MILLIS} ms (1.5 ms per task), times
 * the timeout factor. A process per task needs at least 1,000 JVM starts one after the other on
 * each of the 2 workers: at least 40 s even at 40 ms per start (the fastest JVM start-ups on
 * record), 300-600 s on the grading machine (0.3-0.6 s per start). A correct pipeline needs
 * 0.05-0.3 s here (0.02-0.15 ms per task), 10 times below the bound even on a loaded machine.
 * A call is given up after twice the bound, and the criterion is not tried again (a hang, not a
 * timing miss), so a process per task fails in seconds.
 */
@DisplayName("pipeline.perf.overhead")
class OverheadSuite {
    static final int TASKS = 2000;
    static final int WARM_UP_TASKS = 200;
    static final int ROUNDS = 3;
    static final long BOUND_MILLIS = 3000;

    @Test
    @DisplayName("2,000 trivial tasks on 2 workers take at most 3 s (1.5 ms per task): workers are reused, not"
            + " started per task")
    void perTaskOverheadIsSmall(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            int cores = h.env.cores();
            h.publish("cores", Integer.toString(cores));
            Assumptions.assumeTrue(cores >= 2, "timing checks need at least 2 cores; this machine has " + cores);
            Duration bound = h.seconds(BOUND_MILLIS / 1000.0);
            Duration cutoff = bound.multipliedBy(2);
            h.publish("jvm-start-ms", Long.toString(jvmStartMillis(h)));
            ProcessPipeline pipeline = h.open(TagStage.class, 2);
            h.watch.scan(); // the workers the constructor started
            long startedBefore = h.submissionProcesses().size();
            for (int warmUp = 0; warmUp < 2; warmUp++) {
                run(h, pipeline, WARM_UP_TASKS, cutoff, bound, startedBefore);
            }
            long best = Long.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                best = Math.min(best, run(h, pipeline, TASKS, cutoff, bound, startedBefore));
            }
            h.publish("best-ms", Long.toString(best / 1_000_000));
            h.publish("per-task-us", Long.toString(best / 1000 / TASKS));
            h.publish("bound-ms", Long.toString(bound.toMillis()));
            if (best > bound.toNanos()) {
                fail("Per-task overhead too high: " + PipelineHarness.count(TASKS) + " trivial tasks on 2 workers took "
                        + best / 1_000_000 + " ms at best (" + best / 1000 / TASKS + " µs per task); the bound is "
                        + bound.toMillis() + " ms. " + started(h, startedBefore)
                        + " Keep several requests in flight per worker, and flush once per batch rather than per"
                        + " request if you must.");
            }
        }
    }

    /** Runs one timed call; fails if it exceeds the cut-off or returns wrong outputs. */
    private static long run(PipelineHarness h, ProcessPipeline pipeline, int tasks, Duration cutoff, Duration bound,
                            long startedBefore) throws Exception {
        List<String> inputs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            inputs.add("t" + i);
        }
        long t0 = System.nanoTime();
        List<String> out;
        try {
            out = h.map(pipeline, inputs, cutoff, "map of " + PipelineHarness.count(tasks) + " trivial tasks on 2 workers",
                    "Per-task overhead too high");
        } catch (AssertionError e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Per-task overhead too high")) {
                // still the harness's hang verdict (HangError), so the criterion is not tried again:
                // a call past twice the bound is 20 times slower than a correct pipeline here (0.3 s)
                throw new HangError("Per-task overhead too high: map of " + PipelineHarness.count(tasks) + " trivial tasks"
                        + " on 2 workers did not finish within " + Threads.format(cutoff) + " (the bound for "
                        + PipelineHarness.count(TASKS) + " tasks is " + Threads.format(bound) + "). " + started(h, startedBefore)
                        + " Starting a JVM takes 0.3-0.6 s: reuse the workers for every task.", e.getCause());
            }
            throw e;
        }
        long elapsed = System.nanoTime() - t0;
        for (int i = 0; i < tasks; i++) {
            if (i >= out.size() || !TagStage.expected(inputs.get(i)).equals(out.get(i))) {
                List<String> sorted = new ArrayList<>(out);
                List<String> want = new ArrayList<>(inputs.stream().map(TagStage::expected).toList());
                sorted.sort(null);
                want.sort(null);
                if (!sorted.equals(want)) {
                    fail("Wrong outputs from map of " + PipelineHarness.count(tasks) + " trivial tasks: "
                            + PipelineHarness.abbreviate(out.toString(), 200));
                }
                break;
            }
        }
        return elapsed;
    }

    private static String started(PipelineHarness h, long startedBefore) {
        List<ProcessWatch.Seen> all = h.submissionProcesses();
        long during = all.size() - startedBefore;
        if (during <= 0) {
            return "The calls started no process.";
        }
        return "The calls started " + during + " processes, for example "
                + all.subList((int) startedBefore, Math.min(all.size(), (int) startedBefore + 2)).stream()
                .map(ProcessWatch.Seen::describe).collect(Collectors.joining("; ")) + ".";
    }

    /** The wall time of starting one worker JVM that exits at once (empty stdin), in ms. */
    private static long jvmStartMillis(PipelineHarness h) throws Exception {
        long t0 = System.nanoTime();
        try (ManagedProcess p = ManagedProcess.start(WorkerConversation.command(TagStage.class),
                Path.of(System.getProperty("user.dir")), Map.of(), 4096)) {
            h.startedByTheGrader(p.pid());
            p.waitFor(h.seconds(20));
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
