package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.suites.pipeline.stages.TagStage;
import edu.concurrency.pipeline.ProcessPipeline;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code pipeline.round-trip}, the smoke test: a pipeline of 2 workers maps 3 short
 * inputs with the trivial {@link TagStage} and returns their 3 outputs (in any order). Every other criterion that drives
 * {@link ProcessPipeline} requires it (rubric {@code requires}), so a pipeline that cannot do even
 * this (workers that never start, responses never flushed, a protocol mismatch) gets one clear
 * verdict here instead of a deadline in every other criterion.
 */
@DisplayName("pipeline.round-trip")
class RoundTripSuite {

    @Test
    @DisplayName("a pipeline of 2 workers maps 3 short inputs and returns their 3 outputs")
    void threeInputsMakeTheRoundTrip(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            ProcessPipeline pipeline = h.open(TagStage.class, 2);
            List<String> inputs = List.of("alpha", "beta", "gamma");
            List<String> outputs = h.map(pipeline, inputs, h.seconds(15), "map of 3 short inputs on 2 workers",
                    "Hang: this is the smoke test; until it passes, the other pipeline criteria are not run");
            // in any order: the order is pipeline.order's subject, not the smoke test's
            assertThat(outputs).as("outputs of map(%s) with a stage that returns \"[\" + input + \"]\"", inputs)
                    .containsExactlyInAnyOrder(inputs.stream().map(TagStage::expected).toArray(String[]::new));
        }
    }
}
