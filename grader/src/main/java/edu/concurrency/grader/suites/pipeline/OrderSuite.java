package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.suites.pipeline.stages.SleepStage;
import edu.concurrency.grader.suites.pipeline.stages.TagStage;
import edu.concurrency.pipeline.ProcessPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code pipeline.order}: map returns exactly the stage's output for every input, in
 * input order, whatever order the workers finish in, and any text survives the trip through the
 * pipes (the parent's half of the escaping; the worker's half is tested directly in
 * {@link WorkerProtocolSuite}).
 *
 * <p>Order: the first input of each call takes longest (120 ms, then 60 ms) and the rest take
 * 0-10 ms, so on 2 workers the later outputs arrive long before the first ones: a pipeline that
 * lists outputs in arrival order fails every round.
 */
@DisplayName("pipeline.order")
class OrderSuite {
    private static final int ROUNDS = 4;
    private static final int INPUTS = 12;

    @Test
    @DisplayName("map returns the outputs in input order when later inputs finish first, and [] for no inputs")
    void outputsComeInInputOrder(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            ProcessPipeline pipeline = h.open(SleepStage.class, 2);
            List<String> none = h.map(pipeline, List.of(), h.seconds(15), "map of an empty list", "Hang");
            if (none == null || !none.isEmpty()) {
                fail("map(List.of()) must return an empty list, but returned " + none);
            }
            Random random = new Random(42);
            for (int round = 1; round <= ROUNDS; round++) {
                List<String> inputs = new ArrayList<>();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < INPUTS; i++) {
                    long millis = i == 0 ? 120 : i == 1 ? 60 : random.nextInt(11);
                    String tag = "r" + round + "-" + i;
                    inputs.add(SleepStage.input(millis, tag));
                    expected.add(tag);
                }
                List<String> outputs = h.map(pipeline, inputs, h.seconds(15), "map of " + INPUTS + " inputs", "Hang");
                if (!expected.equals(outputs)) {
                    boolean sameElements = outputs.size() == expected.size() && outputs.containsAll(expected);
                    fail((sameElements ? "Outputs out of order" : "Wrong outputs") + ": map must return output i for"
                            + " input i, but returned " + outputs + " for the inputs " + expected + " (call " + round
                            + " of " + ROUNDS + "; input 0 took 120 ms, input 1 60 ms, the others 0-10 ms)."
                            + (sameElements ? " Put each response at the index of its request, not in the order"
                            + " responses arrive." : ""));
                }
            }
        }
    }

    @Test
    @DisplayName("text with tabs, line breaks, backslashes, escape look-alikes and Unicode passes through map unchanged")
    void anyTextPassesUnchanged(TestReporter reporter) throws Exception {
        List<String> inputs = new ArrayList<>(List.of(
                "", "plain", "a\tb", "line 1\nline 2", "cr\r", "crlf\r\n", "back\\slash", "\\t is not a tab",
                "\\\\n", "ends with a backslash\\", "\\", "\t\t\n\n\r\\", "ünïcødé ✓ 𝄞 中文", "-1\tERR\tnot a response",
                "0\tOK\tnot a response either"));
        StringBuilder big = new StringBuilder();
        while (big.length() < 200_000) {
            big.append("200 KB of text\twith\\every\nkind\rof character ü ✓; ");
        }
        inputs.add(big.toString());
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            ProcessPipeline pipeline = h.open(TagStage.class, 2);
            List<String> outputs = h.map(pipeline, inputs, h.seconds(15), "map of " + inputs.size() + " texts", "Hang");
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                String want = TagStage.expected(inputs.get(i));
                String got = i < outputs.size() ? outputs.get(i) : null;
                if (!want.equals(got)) {
                    wrong.add("input " + i + " " + PipelineHarness.quote(inputs.get(i)) + " gave "
                            + (got == null ? "nothing" : PipelineHarness.quote(got)) + ", expected " + PipelineHarness.quote(want));
                }
            }
            List<String> sortedOutputs = new ArrayList<>(outputs);
            List<String> sortedExpected = new ArrayList<>(inputs.stream().map(TagStage::expected).toList());
            sortedOutputs.sort(null);
            sortedExpected.sort(null);
            if (!wrong.isEmpty() && sortedOutputs.equals(sortedExpected)) {
                fail("Outputs out of order: every output is right, but " + wrong.size() + " of " + inputs.size()
                        + " are at the wrong index: " + wrong.stream().limit(2).collect(Collectors.joining("; "))
                        + ". Put each response at the index of its request, not in the order responses arrive.");
            }
            if (!wrong.isEmpty() || outputs.size() != inputs.size()) {
                fail("Escaping: map must return the stage's output exactly, whatever characters it contains, but "
                        + wrong.size() + " of " + inputs.size() + " outputs differ" + (outputs.size() != inputs.size()
                        ? " (got " + outputs.size() + " outputs)" : "") + ": " + wrong.stream().limit(4)
                        .collect(Collectors.joining("; "))
                        + ". Escape backslash, tab, LF and CR in requests, and unescape responses, in one pass.");
            }
        }
    }
}
