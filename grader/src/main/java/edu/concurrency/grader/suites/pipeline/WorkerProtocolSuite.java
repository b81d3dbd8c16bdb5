package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.suites.pipeline.stages.ProtocolStage;
import edu.concurrency.grader.suites.support.GradingEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code pipeline.worker-protocol}: {@code WorkerMain} driven directly by the grader
 * over the wire protocol, without the student's ProcessPipeline. The grader writes raw request
 * lines to the worker's stdin and reads its stdout line by line on a thread of its own, with a
 * deadline for each line. It keeps stdin open while it awaits a response, so a worker that does
 * not flush after each response is caught.
 *
 * <p>In the requests below, {@code \\t} in Java source is the two characters backslash and t (an
 * escaped tab in a payload), while {@code \t} is a raw tab (a field separator).
 *
 * <p>A worker that never flushes is silent in every test. Once one test of this criterion waited
 * its full {@value #FIRST_LINE_SECONDS} s for a first response that never came (the criterion has
 * failed then, whatever follows), the other tests wait {@value #FIRST_LINE_AFTER_SILENCE_SECONDS} s
 * for theirs (a worker JVM starts in 0.3-0.6 s here), and say so: the same hang costs the grading
 * 10 s once, not 10 s per test. One instance runs every test of the class, so it remembers.
 */
@DisplayName("pipeline.worker-protocol")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerProtocolSuite {
    /** First response: includes the worker's JVM start-up. */
    private static final double FIRST_LINE_SECONDS = 10;
    /** First response once an earlier test found the worker silent (the criterion has failed). */
    private static final double FIRST_LINE_AFTER_SILENCE_SECONDS = 2;
    private static final double LINE_SECONDS = 5;

    private final GradingEnvironment env = GradingEnvironment.current();
    /** Whether a test of this criterion waited in vain for a worker's first response. */
    private boolean silentBefore;

    @Test
    @DisplayName("WorkerMain answers <id>\\tOK\\t<output> at once (flushed) while its stdin stays open, in request order")
    void answersEachRequestAtOnceInOrder(TestReporter reporter) throws Exception {
        try (WorkerConversation w = WorkerConversation.start(ProtocolStage.class)) {
            exchange(w, "1\techo|hello", "1\tOK\thello", FIRST_LINE_SECONDS);
            exchange(w, "7\t", "7\tOK\t[]", LINE_SECONDS);
            exchange(w, "123456789012\tno command", "123456789012\tOK\t[no command]", LINE_SECONDS);
            for (int id = 100; id < 150; id++) {
                w.send(id + "\techo|n" + id);
            }
            for (int id = 100; id < 150; id++) {
                expect(w, id + "\tOK\tn" + id, "the response to request " + id + " of 50 sent at once", LINE_SECONDS);
            }
        }
    }

    @Test
    @DisplayName("WorkerMain unescapes requests and escapes responses (\\\\ \\t \\n \\r), in one pass, and reads and"
            + " writes UTF-8")
    void escapesBothWays(TestReporter reporter) throws Exception {
        try (WorkerConversation w = WorkerConversation.start(ProtocolStage.class)) {
            exchange(w, "2\tcodes|a\\tb\\nc\\\\d\\re", "2\tOK\t" + ProtocolStage.codes("a\tb\nc\\d\re"), FIRST_LINE_SECONDS);
            exchange(w, "3\tcodes|\\\\t", "3\tOK\t" + ProtocolStage.codes("\\t"), LINE_SECONDS);
            exchange(w, "4\techo|x\\ty\\nz\\\\w\\r", "4\tOK\tx\\ty\\nz\\\\w\\r", LINE_SECONDS);
            exchange(w, "5\techo|\\\\\\\\n", "5\tOK\t\\\\\\\\n", LINE_SECONDS);
            exchange(w, "6\techo|ünïcødé ✓ 𝄞 中文", "6\tOK\tünïcødé ✓ 𝄞 中文", LINE_SECONDS);
            exchange(w, "7\tcodes|ü𝄞", "7\tOK\t" + ProtocolStage.codes("ü𝄞"), LINE_SECONDS);
        }
    }

    @Test
    @DisplayName("a stage exception gives <id>\\tERR\\t<message> (one line, escaped); a malformed line gives"
            + " -1\\tERR\\t<message>; the worker goes on after both")
    void errorsAndMalformedLines(TestReporter reporter) throws Exception {
        try (WorkerConversation w = WorkerConversation.start(ProtocolStage.class)) {
            String err = next(w, "8\tfail|boom at 8", "the response to the request 8\\tfail|boom at 8", FIRST_LINE_SECONDS);
            if (!err.startsWith("8\tERR\t") || !err.contains("boom at 8")) {
                fail("Stage exception: for a request whose stage throws IllegalStateException(\"boom at 8\") the worker"
                        + " must answer " + PipelineHarness.quote("8\tERR\t<message with boom at 8>") + ", but wrote "
                        + PipelineHarness.quote(err) + ".");
            }
            exchange(w, "9\techo|after an error", "9\tOK\tafter an error", LINE_SECONDS);
            String multi = next(w, "10\tfail|two\\nlines", "the response to a failing request", LINE_SECONDS);
            if (!multi.startsWith("10\tERR\t") || !multi.contains("two\\nlines")) {
                fail("Escaping of error messages: for a stage that throws with the message \"two\" LF \"lines\" the"
                        + " worker must answer on one line, " + PipelineHarness.quote("10\tERR\t...two\\nlines") + ", but wrote "
                        + PipelineHarness.quote(multi) + ".");
            }
            exchange(w, "11\techo|after", "11\tOK\tafter", LINE_SECONDS);
            for (String malformed : List.of("no tab in this line", "x1\techo|the id is not a number", "\techo|no id")) {
                String line = next(w, malformed, "the answer to the malformed line " + PipelineHarness.quote(malformed),
                        LINE_SECONDS);
                if (!line.startsWith("-1\tERR\t")) {
                    fail("Malformed request: the line " + PipelineHarness.quote(malformed) + " must be answered with "
                            + PipelineHarness.quote("-1\tERR\t<message>") + ", but the worker wrote " + PipelineHarness.quote(line) + ".");
                }
            }
            exchange(w, "12\techo|still alive", "12\tOK\tstill alive", LINE_SECONDS);
        }
    }

    @Test
    @DisplayName("what the stage prints to System.out goes to stderr, never to stdout")
    void stageOutputGoesToStderr(TestReporter reporter) throws Exception {
        try (WorkerConversation w = WorkerConversation.start(ProtocolStage.class)) {
            String line = next(w, "12\tprint|0\\tOK\\tforged by the stage", "the response to a request whose stage"
                    + " prints \"0\\tOK\\tforged by the stage\" to System.out", FIRST_LINE_SECONDS);
            if (!line.equals("12\tOK\tprinted")) {
                fail("stdout is for responses only: the stage printed " + PipelineHarness.quote("0\tOK\tforged by the stage")
                        + " to System.out, and the worker's stdout shows " + PipelineHarness.quote(line) + " where "
                        + PipelineHarness.quote("12\tOK\tprinted") + " belongs. Point System.out at stderr (System.setOut)"
                        + " before running the stage, and write responses to the original stdout.");
            }
            exchange(w, "13\techo|z", "13\tOK\tz", LINE_SECONDS);
            w.closeStdin();
            w.awaitExit(seconds(10));
            List<String> rest = w.remainingLines(seconds(5));
            if (!rest.isEmpty()) {
                fail("stdout is for responses only: after the last response the worker wrote " + rest.stream()
                        .map(PipelineHarness::quote).toList() + " on stdout. What the stage prints goes to stderr.");
            }
            if (!w.stderr().contains("forged by the stage")) {
                fail("What the stage prints to System.out must appear on stderr, but the worker's stderr does not"
                        + " contain " + PipelineHarness.quote("0\tOK\tforged by the stage") + ".");
            }
        }
    }

    @Test
    @DisplayName("the worker exits with status 0 when its stdin closes, after answering what it received")
    void exitsWithStatusZeroAtEndOfInput(TestReporter reporter) throws Exception {
        try (WorkerConversation w = WorkerConversation.start(ProtocolStage.class)) {
            exchange(w, "1\techo|a", "1\tOK\ta", FIRST_LINE_SECONDS);
            w.send("2\techo|b");
            w.closeStdin();
            expect(w, "2\tOK\tb", "the response to the last request, sent just before stdin closed", LINE_SECONDS);
            Integer status = w.awaitExit(seconds(10));
            if (status == null) {
                fail("The worker must exit when its stdin closes, but it still runs 10 s after: it is "
                        + Procs.activity(w.pid()) + ". End the loop at end of file (readLine() returns null) and exit.");
            }
            if (status != 0) {
                fail("The worker must exit with status 0 when its stdin closes, but exited with " + status
                        + ". Its stderr: " + PipelineHarness.abbreviate(w.stderr().strip(), 300));
            }
        }
    }

    private Duration seconds(double s) {
        return env.scaled(Duration.ofMillis(Math.round(s * 1000)));
    }

    private void exchange(WorkerConversation w, String request, String response, double seconds) throws Exception {
        String line = next(w, request, "the response to the request " + PipelineHarness.quote(request), seconds);
        if (!line.equals(response)) {
            fail("Wrong response: for the request " + PipelineHarness.quote(request) + " the worker must write "
                    + PipelineHarness.quote(response) + ", but wrote " + PipelineHarness.quote(line) + ".");
        }
    }

    private String next(WorkerConversation w, String request, String what, double seconds) throws Exception {
        w.send(request);
        return seconds == FIRST_LINE_SECONDS ? firstLine(w, what) : w.nextLine(seconds(seconds), what);
    }

    /** A test's first response: the full wait, or a short one once a worker was silent in an earlier test. */
    private String firstLine(WorkerConversation w, String what) throws InterruptedException {
        if (silentBefore) {
            return w.nextLine(seconds(FIRST_LINE_AFTER_SILENCE_SECONDS), what
                    + " (a short wait: an earlier test already waited " + (long) FIRST_LINE_SECONDS
                    + " s for a first response in vain)");
        }
        try {
            return w.nextLine(seconds(FIRST_LINE_SECONDS), what);
        } catch (AssertionError silent) {
            silentBefore = String.valueOf(silent.getMessage()).startsWith(WorkerConversation.SILENT);
            throw silent;
        }
    }

    private void expect(WorkerConversation w, String response, String what, double seconds) throws Exception {
        String line = w.nextLine(seconds(seconds), what);
        if (!line.equals(response)) {
            List<String> shown = new ArrayList<>(List.of(PipelineHarness.quote(line)));
            fail("Wrong response: awaiting " + what + ", expected " + PipelineHarness.quote(response) + ", but the worker wrote "
                    + shown.get(0) + ". A worker answers in the order it received the requests.");
        }
    }
}
