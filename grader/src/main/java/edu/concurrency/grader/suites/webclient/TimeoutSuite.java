package edu.concurrency.grader.suites.webclient;

import static edu.concurrency.grader.suites.webclient.TestServer.Reply.ok;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.stallAfterHeaders;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.stallBeforeHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.webclient.AsyncWebClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code webclient.timeouts}: each attempt is limited to {@code requestTimeout}, both
 * when the server stalls before its headers and when it stalls after them (where
 * {@code HttpRequest.timeout} alone no longer counts), and a timed-out attempt is retried.
 *
 * <p>A timed-out call may fail with {@link TimeoutException} or {@link HttpTimeoutException}:
 * the contract fixes neither.
 */
class TimeoutSuite extends ServerSuite {

    /**
     * The per-attempt timeout of these checks, before the timeout factor: short, so that the
     * criterion stays fast. A retry that must succeed gets up to 3 attempts: on a loaded machine a
     * fresh attempt (a new connection after the cancelled one) took more than 250 ms (measured).
     */
    private static final long ATTEMPT_MILLIS = 250;

    private Duration attempt() {
        return h.scaled(ATTEMPT_MILLIS);
    }

    @Test
    @DisplayName("an attempt that gets no headers within requestTimeout times out and is retried")
    void stallBeforeHeadersIsRetried() throws Exception {
        h.server.route("slow-start", stallBeforeHeaders(), ok("second attempt"));
        try (AsyncWebClient client = h.client(2, attempt(), 3)) {
            long start = System.nanoTime();
            String body = h.await(h.get(client, "slow-start"), h.scaled(5000),
                    "get(\"slow-start\") whose first attempt stalls before its headers (requestTimeout "
                            + attempt().toMillis() + " ms, maxRetries 3): the per-attempt timeout must end the attempt");
            long took = (System.nanoTime() - start) / 1_000_000;
            assertThat(body).isEqualTo("second attempt");
            assertThat(h.server.hits("slow-start")).as("requests: the stalled attempt and its retry").isBetween(2, 4);
            assertThat(took).as("milliseconds until the retry succeeded (at least the timeout)")
                    .isGreaterThanOrEqualTo(attempt().toMillis() * 9 / 10);
        }
    }

    @Test
    @DisplayName("an attempt whose body stalls after the headers times out too, and is retried")
    void stallAfterHeadersIsRetried() throws Exception {
        h.server.route("slow-body", stallAfterHeaders(), ok("second attempt"));
        try (AsyncWebClient client = h.client(2, attempt(), 3)) {
            CompletableFuture<String> future = h.get(client, "slow-body");
            try {
                assertThat(h.await(future, h.scaled(5000), "get(\"slow-body\")")).isEqualTo("second attempt");
            } catch (AssertionError e) {
                if (!future.isDone()) {
                    throw new AssertionError("No per-attempt timeout: the server sent the headers of get(\"slow-body\")"
                            + " and then stalled in the body; with requestTimeout " + attempt().toMillis()
                            + " ms the attempt must fail and be"
                            + " retried, but the call was still pending after " + h.scaled(5000).toMillis() + " ms."
                            + " HttpRequest.timeout stops counting once the headers arrive: the attempt needs its own"
                            + " deadline (e.g. orTimeout) that also cancels the exchange", e);
                }
                throw e;
            }
            assertThat(h.server.hits("slow-body")).as("requests: the stalled attempt and its retry").isBetween(2, 4);
        }
    }

    @Test
    @DisplayName("when every attempt times out, the call fails with a timeout after maxRetries + 1 attempts")
    void timeoutsRunOut() throws Exception {
        h.server.route("never", stallBeforeHeaders());
        h.server.route("never-body", stallAfterHeaders());
        try (AsyncWebClient client = h.client(2, attempt(), 1)) {
            List<String> paths = List.of("never", "never-body");
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (String path : paths) {
                futures.add(h.get(client, path)); // both at once: the criterion stays fast
            }
            for (int i = 0; i < paths.size(); i++) {
                String path = paths.get(i);
                Throwable failure = h.awaitFailure(futures.get(i), h.scaled(5000),
                        "get(\"" + path + "\") whose attempts all stall (requestTimeout " + attempt().toMillis()
                                + " ms, maxRetries 1)");
                boolean timeout = WebClientHarness.causedBy(failure, TimeoutException.class)
                        || WebClientHarness.causedBy(failure, HttpTimeoutException.class);
                assertThat(timeout).as("get(\"" + path + "\") must fail with TimeoutException or HttpTimeoutException"
                        + " when every attempt timed out, but failed with " + WebClientHarness.describe(failure)).isTrue();
                assertThat(h.server.hits(path)).as("attempts of get(\"%s\") with maxRetries 1", path).isEqualTo(2);
            }
        }
    }
}
