package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.suites.pipeline.stages.SizedStage;
import edu.concurrency.pipeline.ProcessPipeline;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code pipeline.big-data}: MiBs through the pipes without a deadlock. A pipe holds
 * about 64 KiB (measured: writing up to 192 KiB into {@code cat} before reading worked, 256 KiB
 * deadlocked), so 8 MiB of requests with 1 KiB responses deadlock any parent that writes all
 * requests before reading responses, and 1 MiB responses fill a stdout pipe 16 times over.
 * Outputs are compared as a multiset here: their order is {@code pipeline.order}'s business.
 */
@DisplayName("pipeline.big-data")
class VolumeSuite {
    private static final int INPUTS = 1024;
    private static final int INPUT_CHARS = 8 * 1024;
    private static final int OUTPUT_CHARS = 1024;
    private static final int BIG_OUTPUTS = 4;
    private static final int BIG_OUTPUT_CHARS = 1024 * 1024;

    private static final String DEADLOCK = "Pipe deadlock: a pipe holds only about 64 KiB, and a process that writes to a"
            + " full pipe blocks until someone reads it. If the parent writes all requests before it reads responses,"
            + " the workers block writing responses nobody reads, while the parent blocks writing requests they no"
            + " longer read. Read responses on other threads while you write requests, and keep only a few requests"
            + " in flight per worker";

    @Test
    @DisplayName("8 MiB of input (1,024 inputs of 8 KiB, 1 KiB outputs) and 4 MiB of output pass through 2 workers"
            + " without a deadlock")
    void megabytesPassWithoutDeadlock(TestReporter reporter) throws Exception {
        List<String> inputs = new ArrayList<>(INPUTS);
        StringBuilder payload = new StringBuilder(INPUT_CHARS);
        for (int i = 0; i < INPUTS; i++) {
            payload.setLength(0);
            payload.append("input ").append(i).append(':');
            while (payload.length() < INPUT_CHARS) {
                payload.append("8 KiB of\ttext\\with escapes\n").append(i % 10);
            }
            payload.setLength(INPUT_CHARS);
            inputs.add(SizedStage.input(OUTPUT_CHARS, payload.toString()));
        }
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            ProcessPipeline pipeline = h.open(SizedStage.class, 2);
            List<String> outputs = h.map(pipeline, inputs, h.seconds(20),
                    "map of 1,024 inputs of 8 KiB (8 MiB in all) with 1 KiB outputs", DEADLOCK);
            check(inputs, outputs, "the 1,024 inputs of 8 KiB");
            List<String> big = new ArrayList<>();
            for (int i = 0; i < BIG_OUTPUTS; i++) {
                big.add(SizedStage.input(BIG_OUTPUT_CHARS, "big output " + i));
            }
            List<String> bigOutputs = h.map(pipeline, big, h.seconds(20), "map of 4 inputs with 1 MiB outputs each",
                    DEADLOCK);
            check(big, bigOutputs, "the 4 inputs with 1 MiB outputs");
        }
    }

    private static void check(List<String> inputs, List<String> outputs, String what) {
        List<String> expected = new ArrayList<>(inputs.size());
        inputs.forEach(in -> expected.add(SizedStage.expected(in)));
        if (outputs.size() != expected.size()) {
            fail("Lost outputs: map returned " + outputs.size() + " outputs for " + what + ".");
        }
        List<String> got = new ArrayList<>(outputs);
        got.sort(null);
        expected.sort(null);
        for (int i = 0; i < got.size(); i++) {
            if (!got.get(i).equals(expected.get(i))) {
                fail("Corrupted output for " + what + ": an output of " + got.get(i).length() + " characters, "
                        + PipelineHarness.quote(got.get(i)) + ", is not the output of any input (expected for example "
                        + PipelineHarness.quote(expected.get(i)) + ", " + expected.get(i).length() + " characters).");
            }
        }
    }
}
