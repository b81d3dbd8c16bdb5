package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.suites.pipeline.stages.PidStage;
import edu.concurrency.pipeline.ProcessPipeline;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code pipeline.reuse}: workers are started once and reused. Across several calls
 * of map, {@code workerPids()} stays the same, the work runs in those processes, and no call
 * starts a process of the pipeline's JVM (the grader records every process; what the workers
 * themselves start does not count).
 */
@DisplayName("pipeline.reuse")
class ReuseSuite {
    private static final int CALLS = 4;

    @Test
    @DisplayName("workerPids() stays the same across map calls, the tasks run in those workers, and map starts no process")
    void workersAreReusedAcrossCalls(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            ProcessPipeline pipeline = h.open(PidStage.class, 2);
            List<Long> before = WorkersSuite.awaitWorkersRunning(h, pipeline);
            h.watch.scan(); // the workers are running: record them before the mark
            long mark = System.nanoTime();
            for (int call = 1; call <= CALLS; call++) {
                List<String> inputs = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    inputs.add("call " + call + " input " + i);
                }
                List<String> outputs = h.map(pipeline, inputs, h.seconds(15), "map of 10 inputs (call " + call + ")",
                        "Hang");
                Set<Long> ranIn = new LinkedHashSet<>();
                outputs.forEach(o -> ranIn.add(PidStage.pidOf(o)));
                List<Long> now = pipeline.workerPids();
                if (!before.equals(now)) {
                    fail("Workers not reused: workerPids() was " + before + " before the first call and is " + now
                            + " after call " + call + " of " + CALLS + ". Start the workers once, in the constructor,"
                            + " and send every call's requests to them.");
                }
                if (!before.containsAll(ranIn)) {
                    fail("Workers not reused: in call " + call + " the stage ran in processes " + ranIn
                            + ", not in the workers " + before + ".");
                }
            }
            // only the pipeline's own children: a worker may start helpers of its own at any time
            long self = ProcessHandle.current().pid();
            List<ProcessWatch.Seen> started = h.watch.since(mark).stream()
                    .filter(s -> s.parent() == self && h.submissionProcesses().contains(s)).toList();
            if (!started.isEmpty()) {
                fail("Workers not reused: " + CALLS + " calls of map started " + started.size() + " process(es) although"
                        + " the " + before.size() + " workers were running: " + started.stream().limit(3)
                        .map(ProcessWatch.Seen::describe).collect(Collectors.joining("; "))
                        + ". A JVM start costs 0.3-0.6 s; reuse the workers.");
            }
        }
    }
}
