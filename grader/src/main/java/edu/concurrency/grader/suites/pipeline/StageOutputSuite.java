package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.suites.pipeline.stages.ChattyStage;
import edu.concurrency.grader.suites.pipeline.stages.PrintingStage;
import edu.concurrency.grader.suites.pipeline.stages.TagStage;
import edu.concurrency.pipeline.ProcessPipeline;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criteria {@code pipeline.stdout} and {@code pipeline.stderr}: what a stage prints must neither
 * corrupt the protocol nor block its worker.
 */
@DisplayName("pipeline.stdout / pipeline.stderr")
class StageOutputSuite {
    /** Bytes each chatty call writes to stderr: 4 per worker, 1 MiB per worker in all. */
    private static final int CHATTY_BYTES = 256 * 1024;
    private static final int CHATTY_INPUTS = 8;

    @Test
    @DisplayName("a stage that prints to System.out (even forged response lines) does not corrupt the protocol")
    void stdoutOfTheStageDoesNotCorruptTheProtocol(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            ProcessPipeline pipeline = h.open(PrintingStage.class, 2);
            List<String> inputs = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                inputs.add("input " + i);
                expected.add(TagStage.expected("input " + i));
            }
            String hint = " A stage may print to System.out; the worker must send that to stderr (System.setOut)"
                    + " so that stdout carries responses only.";
            List<String> outputs;
            try {
                outputs = h.map(pipeline, inputs, h.seconds(15), "map of 40 inputs with a stage that prints to System.out",
                        "Protocol corrupted or a hang");
            } catch (AssertionError e) {
                throw new AssertionError("Protocol corrupted by the stage's System.out: " + e.getMessage() + hint, e.getCause());
            }
            if (!expected.equals(outputs)) {
                List<String> sorted = new ArrayList<>(outputs);
                sorted.sort(null);
                List<String> want = new ArrayList<>(expected);
                want.sort(null);
                if (!sorted.equals(want)) {
                    fail("Protocol corrupted by the stage's System.out: map returned " + PipelineHarness.abbreviate(outputs.toString(), 300)
                            + " instead of " + PipelineHarness.abbreviate(expected.toString(), 200) + "." + hint);
                }
            }
        }
    }

    @Test
    @DisplayName("a stage that writes 1 MiB to stderr per worker (256 KiB per input) does not make map hang")
    void chattyStderrDoesNotBlockTheWorkers(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            ProcessPipeline pipeline = h.open(ChattyStage.class, 2);
            List<String> inputs = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < CHATTY_INPUTS; i++) {
                inputs.add(ChattyStage.input(CHATTY_BYTES, "t" + i));
                expected.add(TagStage.expected("t" + i));
            }
            List<String> outputs = h.map(pipeline, inputs, h.seconds(15),
                    "map of 8 inputs whose stage writes 256 KiB each to stderr (2 MiB in all)",
                    "Pipe deadlock on stderr: a worker blocks for good once its stderr pipe (about 64 KiB) is full and"
                            + " nobody reads it. Drain every worker's stderr continuously (a thread per worker), or"
                            + " redirect it (ProcessBuilder.Redirect.INHERIT, DISCARD or a file)");
            List<String> sorted = new ArrayList<>(outputs);
            sorted.sort(null);
            List<String> want = new ArrayList<>(expected);
            want.sort(null);
            if (!sorted.equals(want)) {
                fail("Wrong outputs with a chatty stderr: map returned " + outputs + " instead of " + expected + ".");
            }
        }
    }
}
