package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.suites.pipeline.stages.MarkerStage;
import edu.concurrency.pipeline.PipelineException;
import edu.concurrency.pipeline.ProcessPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code pipeline.stage-errors}: when the stage throws for input i, map throws
 * PipelineException with index i and the stage's message, but only after every other input has
 * finished; and the workers survive, so the next call works on the same workers.
 *
 * <p>"Finished" is observed, not timed: every other input creates a marker file just before its
 * worker answers, so when map throws, every marker must be there. The inputs after the failing
 * one take 150 ms each, so a map that throws at the first error leaves them unfinished.
 */
@DisplayName("pipeline.stage-errors")
class StageErrorSuite {
    private static final int INPUTS = 10;
    private static final int FAILING = 3;

    @Test
    @DisplayName("a stage exception for input 3 makes map throw PipelineException(index 3, the stage's message) after"
            + " all other inputs finished, and the next map works on the same workers")
    void stageExceptionFailsItsInputOnly(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            Path dir = h.tempDir();
            ProcessPipeline pipeline = h.open(MarkerStage.class, 2);
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < INPUTS; i++) {
                inputs.add(i == FAILING ? MarkerStage.fail("boom for input " + i) : MarkerStage.done(dir, i, i > FAILING ? 150 : 10));
            }
            Throwable thrown = h.mapFailure(pipeline, inputs, h.seconds(15), "map of 10 inputs, of which input 3 fails",
                    "Hang after a stage exception");
            List<Long> workersBefore = pipeline.workerPids();
            List<Integer> unfinished = new ArrayList<>();
            for (int i = 0; i < INPUTS; i++) {
                if (i != FAILING && !Files.exists(dir.resolve(MarkerStage.doneOutput(i)))) {
                    unfinished.add(i);
                }
            }
            if (thrown == null) {
                fail("Stage exception lost: the stage threw IllegalStateException(\"boom for input 3\") for input 3,"
                        + " but map returned normally. It must throw PipelineException with index 3.");
            }
            if (!(thrown instanceof PipelineException e)) {
                throw new AssertionError("Stage exception: map must throw PipelineException when the stage throws, but"
                        + " threw " + PipelineHarness.describe(thrown), thrown);
            }
            if (e.index() != FAILING) {
                fail("Wrong index: the stage threw for input 3, but PipelineException.index() is " + e.index() + ".");
            }
            if (e.getMessage() == null || !e.getMessage().contains("boom for input 3")) {
                fail("PipelineException's message must include the stage's message \"boom for input 3\" (sent in the"
                        + " ERR response), but it is " + PipelineHarness.quote(String.valueOf(e.getMessage())) + ".");
            }
            if (!unfinished.isEmpty()) {
                fail("Early failure: map threw PipelineException before the other inputs finished: inputs " + unfinished
                        + " had not finished yet. Wait for every input, then throw.");
            }
            List<String> again = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 100; i < 106; i++) {
                again.add(MarkerStage.done(dir, i, 0));
                expected.add(MarkerStage.doneOutput(i));
            }
            List<String> outputs = h.map(pipeline, again, h.seconds(15), "the next map, after the PipelineException",
                    "Pipeline unusable after a stage exception");
            if (outputs.size() != expected.size() || !outputs.containsAll(expected)) {
                fail("Pipeline unusable after a stage exception: the next map returned " + outputs + " instead of "
                        + expected + ".");
            }
            if (!workersBefore.equals(pipeline.workerPids())) {
                fail("A stage exception must not cost a worker: workerPids() changed from " + workersBefore + " to "
                        + pipeline.workerPids() + ". The worker answers ERR and goes on.");
            }
        }
    }
}
