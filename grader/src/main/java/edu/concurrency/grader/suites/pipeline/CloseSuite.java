package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.suites.pipeline.stages.StubbornStage;
import edu.concurrency.grader.suites.pipeline.stages.TagStage;
import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.pipeline.ProcessPipeline;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code pipeline.close}: close ends everything the pipeline started, within the
 * contract's 2 s of grace plus a margin, is idempotent, and map afterwards throws
 * IllegalStateException.
 *
 * <p>"Running" means "not yet terminated": a zombie (exited, not yet reaped) does not count.
 * A killed process takes a moment to be gone, so after close returns the grader allows
 * {@value #GONE_MILLIS} ms for the processes to disappear before it calls them leaked.
 */
@DisplayName("pipeline.close")
class CloseSuite {
    /** How long after close() returns the processes may take to be gone, in ms. */
    static final long GONE_MILLIS = 2000;
    /** The contract's grace period plus a margin for a loaded machine: the longest close may take, in s. */
    private static final double CLOSE_LIMIT_SECONDS = 2 + 4;

    @Test
    @DisplayName("close ends every worker and leaves no process running; a second close does nothing; map after close"
            + " throws IllegalStateException")
    void closeEndsEveryWorkerOnce(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            ProcessPipeline pipeline = h.open(TagStage.class, 2);
            h.map(pipeline, List.of("a", "b", "c", "d"), h.seconds(15), "map of 4 inputs", "Hang");
            List<Long> workers = pipeline.workerPids();
            timedClose(h, pipeline);
            checkNothingRunning(h, "close() returned", " close must end every worker: close their stdin, wait up to"
                    + " 2 s, then destroy those still running.");
            if (workers.stream().anyMatch(Procs::running)) {
                fail("Process leak: workers " + workers + " still run after close().");
            }
            try {
                h.workers.call(h.seconds(10), "Hang: the second close() did not return", () -> {
                    pipeline.close();
                    return null;
                });
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("close must be idempotent: the second close() threw " + PipelineHarness.describe(e), e);
            }
            Throwable thrown = h.mapFailure(pipeline, List.of("after close"), h.seconds(10), "map after close",
                    "Hang: map after close must throw IllegalStateException at once");
            if (!(thrown instanceof IllegalStateException)) {
                throw new AssertionError("map after close must throw IllegalStateException, but it "
                        + (thrown == null ? "returned normally" : "threw " + PipelineHarness.describe(thrown)), thrown);
            }
        }
    }

    @Test
    @DisplayName("close destroys, after at most 2 s, a worker that does not exit when its stdin closes, and the"
            + " process that worker started")
    void closeDestroysStubbornWorkersAndTheirChildren(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            ProcessPipeline pipeline = h.open(StubbornStage.class, 1);
            List<String> out = h.map(pipeline, List.of("start a grandchild"), h.seconds(15), "map of 1 input", "Hang");
            long grandchild = Long.parseLong(out.get(0));
            List<Long> workers = pipeline.workerPids();
            h.watch.scan();
            timedClose(h, pipeline);
            checkNothingRunning(h, "close() returned, with a worker whose JVM cannot exit on its own (a shutdown hook"
                    + " that never ends) and that had started pid " + grandchild + " (sleep 600)",
                    " After closing the workers' stdin and waiting up to 2 s, close must destroy the workers still"
                            + " running (destroyForcibly: SIGTERM runs the shutdown hooks) and every process they"
                            + " started: note each worker's descendants (ProcessHandle.descendants()) before it ends,"
                            + " since a process whose parent died is no longer a descendant.");
            if (workers.stream().anyMatch(Procs::running) || Procs.running(grandchild)) {
                fail("Process leak after close(): workers " + workers + " or their child " + grandchild + " still run.");
            }
        }
    }

    private static void timedClose(PipelineHarness h, ProcessPipeline pipeline) throws Exception {
        Duration limit = h.seconds(CLOSE_LIMIT_SECONDS);
        long start = System.nanoTime();
        h.workers.call(limit, "close() must return within about 2 s (it waits at most 2 s for the workers, then"
                + " destroys them), but it did not return", () -> {
                    pipeline.close();
                    return null;
                });
        h.publish("close-ms", Long.toString((System.nanoTime() - start) / 1_000_000));
    }

    private static void checkNothingRunning(PipelineHarness h, String when, String hint) {
        List<ProcessWatch.Seen> running = h.watch.running();
        if (running.isEmpty()) {
            return;
        }
        Procs.awaitGone(running.stream().map(ProcessWatch.Seen::pid).toList(), h.seconds(GONE_MILLIS / 1000.0));
        running = h.watch.running();
        if (!running.isEmpty()) {
            fail("Process leak: " + when + ", but " + running.size() + " process(es) it started still run "
                    + Threads.format(h.seconds(GONE_MILLIS / 1000.0)) + " later: "
                    + running.stream().map(s -> s.describe() + ", " + Procs.activity(s.pid()))
                    .collect(Collectors.joining("; ")) + "." + hint);
        }
    }
}
