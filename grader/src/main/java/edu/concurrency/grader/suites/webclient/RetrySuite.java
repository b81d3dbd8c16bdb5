package edu.concurrency.grader.suites.webclient;

import static edu.concurrency.grader.suites.webclient.TestServer.Reply.ok;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.status;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.webclient.AsyncWebClient;
import edu.concurrency.webclient.HttpStatusException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code webclient.retries}: which failures are retried, how often, after which
 * backoff, and that the wait before a retry holds no permit.
 *
 * <p>Backoff bounds: the contract fixes 100 ms before the first retry and 200 ms before the
 * second; the checks accept a gap of at least 90 % of that (timer granularity) and at most the
 * wait plus 1.5 s (scaled) of scheduling delay on a loaded machine.
 */
class RetrySuite extends ServerSuite {

    private static final Duration RELAXED = Duration.ofSeconds(10);
    /** Scheduling slack allowed on top of a backoff, before scaling. */
    private static final long SLACK_MILLIS = 1500;

    @Test
    @DisplayName("503, 503, 200 succeeds in 3 hits, waiting about 100 ms and then 200 ms between them")
    void retriesServerErrorsWithExponentialBackoff() throws Exception {
        h.server.route("flaky", status(503), status(503), ok("third time lucky"));
        try (AsyncWebClient client = h.client(2, RELAXED, 2)) {
            String body = h.await(h.get(client, "flaky"), h.scaled(10_000), "get(\"flaky\") answered 503, 503, 200");
            assertThat(body).isEqualTo("third time lucky");
            assertThat(h.server.hits("flaky")).as("requests for a path answered 503, 503, 200 with maxRetries 2")
                    .isEqualTo(3);
            List<Long> times = h.server.hitTimes("flaky");
            checkGap(times.get(0), times.get(1), 100, "first retry (after attempt 1)");
            checkGap(times.get(1), times.get(2), 200, "second retry (after attempt 2)");
        }
    }

    private void checkGap(long from, long to, long expectedMillis, String which) {
        long gap = (to - from) / 1_000_000;
        long most = expectedMillis + h.scaled(SLACK_MILLIS).toMillis();
        if (gap < expectedMillis * 9 / 10) {
            throw new AssertionError("Backoff too short: the " + which + " came " + gap + " ms after the failed attempt;"
                    + " expected 100 ms * 2^(attempt-1) = " + expectedMillis + " ms");
        }
        if (gap > most) {
            throw new AssertionError("Backoff too long: the " + which + " came " + gap + " ms after the failed attempt;"
                    + " expected about " + expectedMillis + " ms (at most " + most + " ms)");
        }
    }

    @Test
    @DisplayName("a 429 with Retry-After: 1 is retried after 1 s, and the wait holds no permit")
    void honoursRetryAfterWithoutHoldingAPermit() throws Exception {
        h.server.route("busy", status(429).withRetryAfter("1"), ok("served"));
        h.server.route("other", ok("other"));
        try (AsyncWebClient client = h.client(1, RELAXED, 1)) {
            CompletableFuture<String> busy = h.get(client, "busy");
            long busyReturned = System.nanoTime();
            if (!h.server.awaitHits("busy", 1, h.scaled(5000))) {
                throw new AssertionError("get(\"busy\") sent no request within 5 s");
            }
            CompletableFuture<String> other = h.get(client, "other");
            assertThat(h.await(other, h.scaled(5000), "get(\"other\") while get(\"busy\") waits to retry"))
                    .isEqualTo("other");
            assertThat(h.await(busy, h.scaled(10_000), "get(\"busy\") answered 429 (Retry-After: 1), then 200"))
                    .isEqualTo("served");
            List<Long> busyTimes = h.server.hitTimes("busy");
            long otherAt = h.server.hitTimes("other").get(0);
            if (busyReturned > busyTimes.get(1)) {
                throw new AssertionError("Blocking call: get(\"busy\") only returned after its retry had been sent (it"
                        + " waited for the response); a public method must return its future at once");
            }
            if (otherAt > busyTimes.get(1)) {
                throw new AssertionError("Permit held during the backoff: with maxConcurrency 1, get(\"other\") was only"
                        + " sent after get(\"busy\") retried; the wait before a retry must release the permit");
            }
            checkGap(busyTimes.get(0), busyTimes.get(1), 1000, "retry after a 429 with Retry-After: 1");
        }
    }

    @Test
    @DisplayName("when the retries run out, the call fails with the last status")
    void exhaustionFailsWithTheLastStatus() throws Exception {
        h.server.route("down", status(500), status(502), status(503));
        h.server.route("down-once", status(500), ok("too late"));
        try (AsyncWebClient client = h.client(2, RELAXED, 2)) {
            Throwable failure = h.awaitFailure(h.get(client, "down"), h.scaled(10_000),
                    "get(\"down\") answered 500, 502, 503 with maxRetries 2");
            if (!(failure instanceof HttpStatusException status)) {
                throw new AssertionError("Swallowed or replaced exception: when the retries run out the call must fail"
                        + " with HttpStatusException, but failed with " + WebClientHarness.describe(failure), failure);
            }
            assertThat(status.statusCode()).as("the status of the failure after 500, 502, 503 (the last one)")
                    .isEqualTo(503);
            assertThat(h.server.hits("down")).as("requests for a path that always fails, with maxRetries 2").isEqualTo(3);
        }
        try (AsyncWebClient client = h.client(2, RELAXED, 0)) {
            Throwable failure = h.awaitFailure(h.get(client, "down-once"), h.scaled(5000),
                    "get(\"down-once\") answered 500 with maxRetries 0");
            assertThat(failure).as("the failure with maxRetries 0").isInstanceOf(HttpStatusException.class);
            assertThat(h.server.hits("down-once")).as("requests with maxRetries 0 (no retry)").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("404, 400 and 409 are not retried: exactly one request each")
    void otherStatusesAreNotRetried() throws Exception {
        h.server.route("missing", status(404), ok("retried"));
        h.server.route("bad", status(400), ok("retried"));
        h.server.route("conflict", status(409), ok("retried"));
        try (AsyncWebClient client = h.client(3, RELAXED, 3)) {
            for (String path : List.of("missing", "bad", "conflict")) {
                CompletableFuture<String> future = h.get(client, path);
                h.awaitDone(future, h.scaled(5000));
                int hits = h.server.hits(path);
                if (hits != 1) {
                    throw new AssertionError("Retried a client error: get(\"" + path + "\") answered "
                            + (path.equals("missing") ? 404 : path.equals("bad") ? 400 : 409) + " sent " + hits
                            + " requests; only 429, 5xx, timeouts and IOExceptions are retried, any other status"
                            + " fails at once");
                }
                Throwable failure = h.awaitFailure(future, h.scaled(5000), "get(\"" + path + "\")");
                assertThat(failure).as("the failure of get(\"%s\")", path).isInstanceOf(HttpStatusException.class);
            }
        }
    }

    @Test
    @DisplayName("an IOException (the connection ends in the middle of the body) is retried")
    void ioExceptionsAreRetried() throws Exception {
        h.server.route("cut", truncated(), ok("whole"));
        h.server.route("always-cut", truncated());
        try (AsyncWebClient client = h.client(2, RELAXED, 1)) {
            assertThat(h.await(h.get(client, "cut"), h.scaled(5000), "get(\"cut\") whose first response was cut off"))
                    .isEqualTo("whole");
            assertThat(h.server.hits("cut")).as("requests for a path whose first response was cut off").isEqualTo(2);
            Throwable failure = h.awaitFailure(h.get(client, "always-cut"), h.scaled(5000),
                    "get(\"always-cut\") whose responses are always cut off");
            assertThat(WebClientHarness.causedBy(failure, IOException.class))
                    .as("when the retries run out after IOExceptions, the call fails with the last IOException, but it"
                            + " failed with " + WebClientHarness.describe(failure)).isTrue();
            assertThat(h.server.hits("always-cut")).as("requests with maxRetries 1").isEqualTo(2);
        }
    }
}
