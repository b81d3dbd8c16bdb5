package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.suites.pipeline.stages.MarkerStage;
import edu.concurrency.grader.suites.pipeline.stages.RendezvousStage;
import edu.concurrency.grader.suites.support.Worker;
import edu.concurrency.pipeline.PipelineException;
import edu.concurrency.pipeline.ProcessPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criteria {@code pipeline.recovery} and {@code pipeline.poison}: isolation, the reason to pay
 * for processes. A worker that dies is replaced and its unfinished tasks are sent again; an input
 * that kills every worker running it fails on its own after two deaths, and the rest completes.
 *
 * <p>The kill is precise, not timed: the slow input is a {@link RendezvousStage} call that
 * reports to the grader and is held there; the grader kills exactly the worker that reported,
 * waits until it is gone, and only then lets the held calls go.
 */
@DisplayName("pipeline.recovery / pipeline.poison")
class RecoverySuite {
    private static final int INPUTS = 8;
    private static final int SLOW = 2;

    @Test
    @DisplayName("a worker killed (SIGKILL) while running a task is replaced, the task is sent again, and map returns"
            + " every output; the pipeline then has 2 live workers again")
    void killedWorkerIsReplaced(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter); Rendezvous gate = Rendezvous.gate("slow", Duration.ofSeconds(60))) {
            ProcessPipeline pipeline = h.open(RendezvousStage.class, 2);
            int workerCount = WorkersSuite.awaitWorkersRunning(h, pipeline).size();
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < INPUTS; i++) {
                inputs.add(gate.input(i == SLOW ? "slow" : "fast-" + i));
            }
            Worker<List<String>> caller = h.workers.start("caller", () -> pipeline.map(inputs));
            Rendezvous.Arrival slow = gate.awaitArrival("slow", h.seconds(15));
            if (slow == null) {
                throw h.hang("Hang", "input 2 of map(8 inputs) did not start running within 15 s (stage calls seen: "
                        + gate.arrivals() + ")", caller);
            }
            if (slow.pid() == ProcessHandle.current().pid()) {
                gate.open();
                fail("Computing in the parent: input 2 ran in process " + slow.pid() + ", the JVM that called map, not"
                        + " in a worker process; there is no worker to kill. Only WorkerMain calls Stage.apply.");
            }
            h.killedByTheGrader(slow.pid());
            ProcessHandle victim = ProcessHandle.of(slow.pid()).orElse(null);
            if (victim != null && !Procs.killAndWait(List.of(victim), h.seconds(10))) {
                fail("The grader could not kill worker " + slow.pid() + " within 10 s.");
            }
            gate.open();
            String killed = "worker " + slow.pid() + " was killed (SIGKILL) while it ran input 2";
            if (!caller.await(h.seconds(20))) {
                throw h.hang("No crash recovery", killed + ", and map did not return within 20 s. Notice a dead worker"
                        + " (its stdout ends), start a new one in its place, and send it the dead worker's unfinished"
                        + " tasks", caller);
            }
            Throwable failure = caller.failure();
            if (failure != null) {
                throw new AssertionError("No crash recovery: " + killed + ", and map threw " + PipelineHarness.describe(failure)
                        + ". Start a new worker and send the unfinished tasks again: an input fails only after TWO"
                        + " workers died while running it." + h.diagnoseDeadWorkers(), failure);
            }
            List<String> outputs = caller.result();
            List<String> missing = new ArrayList<>();
            for (String token : inputs.stream().map(in -> in.substring(in.indexOf('|') + 1)).toList()) {
                if (outputs.stream().noneMatch(o -> o.startsWith(token + "|go|"))) {
                    missing.add(token);
                }
            }
            if (outputs.size() != INPUTS || !missing.isEmpty()) {
                fail("Incomplete results after a crash: " + killed + "; map returned " + outputs.size() + " outputs "
                        + outputs + ", missing the outputs of " + missing + ". Send a dead worker's unfinished tasks"
                        + " again.");
            }
            List<Long> pids = pipeline.workerPids();
            if (pids.size() != workerCount || pids.contains(slow.pid()) || !pids.stream().allMatch(Procs::running)) {
                fail("No replacement worker: after " + killed + ", workerPids() is " + pids + "; it must name "
                        + workerCount + " running workers again, with a new one in place of " + slow.pid() + "."
                        + h.processReport());
            }
            List<String> after = h.map(pipeline, List.of(gate.input("after-1"), gate.input("after-2"),
                    gate.input("after-3")), h.seconds(15), "the next map after the recovery", "Hang after a recovery");
            if (after.size() != 3 || after.stream().noneMatch(o -> o.startsWith("after-1|go|"))) {
                fail("The next map after the recovery returned " + after + ".");
            }
        }
    }

    @Test
    @DisplayName("an input that kills every worker running it fails on its own (PipelineException with its index after"
            + " exactly 2 workers died), the other inputs complete, and the pipeline stays usable")
    void poisonInputFailsAlone(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            h.expectWorkerDeaths();
            Path dir = h.tempDir();
            ProcessPipeline pipeline = h.open(MarkerStage.class, 2);
            int workerCount = WorkersSuite.awaitWorkersRunning(h, pipeline).size();
            int poison = 3;
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < INPUTS; i++) {
                inputs.add(i == poison ? MarkerStage.poison(dir) : MarkerStage.done(dir, i, 20));
            }
            Throwable thrown = h.mapFailure(pipeline, inputs, h.seconds(25), "map of 8 inputs, of which input 3 halts"
                    + " the JVM of every worker that runs it", "No crash recovery (or endless retries)");
            List<Long> poisoned = poisonedWorkers(dir);
            poisoned.forEach(h::killedByTheGrader);
            if (thrown == null) {
                fail("Poison input lost: input 3 halted " + poisoned.size() + " worker(s) " + poisoned + ", but map"
                        + " returned normally. After two workers died while running it, map must throw"
                        + " PipelineException with index 3.");
            }
            if (!(thrown instanceof PipelineException e)) {
                throw new AssertionError("No crash recovery: input 3 halted the worker running it, and map threw "
                        + PipelineHarness.describe(thrown) + " instead of replacing the worker, completing the other inputs"
                        + " and then throwing PipelineException with index 3." + h.diagnoseDeadWorkers(), thrown);
            }
            if (e.index() != poison) {
                fail("Wrong index: input 3 killed its workers, but PipelineException.index() is " + e.index()
                        + " (message: " + e.getMessage() + "). Count a death against the task the worker was running"
                        + " (the oldest one it had not answered), not against the tasks queued behind it.");
            }
            if (poisoned.size() != 2) {
                fail("Retry count: input 3 ran in " + poisoned.size() + " worker(s) " + poisoned + " before map gave up;"
                        + " a dead worker's task must be sent again once, and fail when a second worker dies on it.");
            }
            List<Integer> unfinished = new ArrayList<>();
            for (int i = 0; i < INPUTS; i++) {
                if (i != poison && !Files.exists(dir.resolve(MarkerStage.doneOutput(i)))) {
                    unfinished.add(i);
                }
            }
            if (!unfinished.isEmpty()) {
                fail("Lost inputs: a poison input must fail on its own, but inputs " + unfinished + " had not run when"
                        + " map threw. Send the other tasks of a dead worker again, and wait for all inputs.");
            }
            List<Long> pids = pipeline.workerPids();
            if (pids.size() != workerCount || !pids.stream().allMatch(Procs::running)) {
                fail("No replacement worker: after the poison input, workerPids() is " + pids + "; it must name "
                        + workerCount + " running workers again." + h.processReport());
            }
            List<String> after = h.map(pipeline, List.of(MarkerStage.done(dir, 100, 0), MarkerStage.done(dir, 101, 0)),
                    h.seconds(15), "the next map after the poison input", "Hang after a poison input");
            if (after.size() != 2 || !after.containsAll(List.of(MarkerStage.doneOutput(100), MarkerStage.doneOutput(101)))) {
                fail("The next map after the poison input returned " + after + ".");
            }
        }
    }

    private static List<Long> poisonedWorkers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("poison-"))
                    .map(n -> Long.parseLong(n.substring("poison-".length()))).sorted().toList();
        }
    }
}
