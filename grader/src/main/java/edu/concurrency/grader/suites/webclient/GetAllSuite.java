package edu.concurrency.grader.suites.webclient;

import static edu.concurrency.grader.suites.webclient.TestServer.Reply.ok;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.stallBeforeHeaders;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.status;
import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.webclient.AsyncWebClient;
import edu.concurrency.webclient.HttpStatusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Criterion {@code webclient.getall}: results in input order, requests concurrent within the
 * limit, and the first failure fails the whole, cancels the running requests and never sends the
 * queued ones.
 *
 * <p>"Never sent" is checked without waiting for something not to happen: after the failure, two
 * new requests are issued on the same client. They can only reach the server once both permits
 * are free (the running request was cancelled), and since permits go out in FIFO order, any
 * queued request of the failed {@code getAll} that was going to be sent would have been sent
 * before them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GetAllSuite extends ServerSuite {

    private static final Duration RELAXED = Duration.ofSeconds(10);

    @Test
    @Order(1)
    @DisplayName("getAll gives the bodies in input order, not in the order the responses arrive")
    void resultsComeInInputOrder() throws Exception {
        List<String> paths = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String path = "page/" + i;
            paths.add(path);
            bodies.add("body of page " + i);
            // the first path answers last
            h.server.route(path, ok("body of page " + i).after(Duration.ofMillis((5 - i) * 40L)));
        }
        try (AsyncWebClient client = h.client(6, RELAXED, 0)) {
            List<String> result = h.await(h.getAll(client, paths), h.scaled(5000), "getAll(" + paths + ")");
            assertThat(result).as("getAll's bodies (the first path answered last)").isEqualTo(bodies);
            assertThat(h.await(h.getAll(client, List.of()), h.scaled(2000), "getAll([])")).as("getAll of no paths")
                    .isEmpty();
        }
    }

    @Test
    @Order(2)
    @DisplayName("getAll sends its requests concurrently, up to maxConcurrency at the same time")
    void requestsRunConcurrently() throws Exception {
        List<String> paths = List.of("gate/0", "gate/1", "gate/2", "gate/3");
        for (String path : paths) {
            h.server.route(path, stallBeforeHeaders());
        }
        try (AsyncWebClient client = h.client(4, RELAXED, 0)) {
            CompletableFuture<List<String>> all = h.getAll(client, paths);
            boolean concurrent = h.server.awaitInFlight(4, h.scaled(3000));
            int seen = h.server.maxInFlight();
            h.server.releaseStalls();
            if (!concurrent) {
                throw new AssertionError("Sequential getAll: with maxConcurrency 4 and 4 paths the server should see all 4"
                        + " requests in flight at the same time, but saw at most " + seen + " within "
                        + h.scaled(3000).toMillis() + " ms; start every request before waiting for any (like"
                        + " asyncio.gather), and let the limiter bound them");
            }
            assertThat(h.await(all, h.scaled(5000), "getAll(" + paths + ")")).hasSize(4);
        }
    }

    @Test
    @Order(3)
    @DisplayName("the first failure fails getAll at once, cancels the running requests and never sends the queued ones")
    void firstFailureCancelsTheRest() throws Exception {
        h.server.route("hold", stallBeforeHeaders());
        h.server.route("bad", status(404).after(Duration.ofMillis(50)));
        List<String> queued = List.of("queued/1", "queued/2", "queued/3");
        for (String path : queued) {
            // slow, so that a client without a limit is seen with them all in flight at once
            h.server.route(path, ok(path).after(Duration.ofMillis(100)));
        }
        h.server.route("probe/1", stallBeforeHeaders());
        h.server.route("probe/2", stallBeforeHeaders());
        List<String> paths = new ArrayList<>(List.of("hold", "bad"));
        paths.addAll(queued);
        try (AsyncWebClient client = h.client(2, RELAXED, 0)) {
            CompletableFuture<List<String>> all = h.getAll(client, paths);
            Throwable failure = h.awaitFailure(all, h.scaled(5000),
                    "getAll(" + paths + ") while \"hold\" stalls and \"bad\" answers 404");
            assertThat(failure).as("getAll's failure (the 404 of \"bad\")").isInstanceOf(HttpStatusException.class);
            assertThat(((HttpStatusException) failure).statusCode()).isEqualTo(404);
            // before the probes: the server still counts the cancelled "hold" as in flight
            int max = h.server.maxInFlight();
            long failedAt = System.nanoTime();
            CompletableFuture<String> probe1 = h.get(client, "probe/1");
            CompletableFuture<String> probe2 = h.get(client, "probe/2");
            boolean bothSent = h.server.awaitHits("probe/1", 1, h.scaled(3000))
                    && h.server.awaitHits("probe/2", 1, h.scaled(3000));
            int sentQueued = queued.stream().mapToInt(h.server::hits).sum();
            long badAnswered = h.server.hitTimes("bad").get(0) + Duration.ofMillis(50).toNanos();
            // sent while "hold" and "bad" were both still in flight: more than the limit at once
            long sentEarly = queued.stream().flatMap(p -> h.server.hitTimes(p).stream())
                    .filter(t -> t < badAnswered && t < failedAt).count();
            h.server.releaseStalls();
            if (max > 2 || sentEarly > 0) {
                max = Math.max(max, 2 + (int) sentEarly);
                throw new AssertionError("Limit exceeded: getAll of 5 paths with maxConcurrency 2 had " + max
                        + " requests in flight at the same time");
            }
            if (sentQueued > 0) {
                throw new AssertionError("Requests sent after getAll failed: " + sentQueued + " of the 3 queued requests"
                        + " of getAll reached the server after the 404 had failed the whole; a request that gets its"
                        + " permit must first check whether its getAll has already failed (and fail the whole before"
                        + " releasing the failed request's permit)");
            }
            if (!bothSent) {
                throw new AssertionError("Permit leak: after getAll failed, its running request (\"hold\", stalled at the"
                        + " server) must be cancelled and its permit freed; with maxConcurrency 2, two new get() calls"
                        + " should both reach the server, but only " + (h.server.hits("probe/1") + h.server.hits("probe/2"))
                        + " did within " + h.scaled(3000).toMillis() + " ms");
            }
            h.await(probe1, h.scaled(5000), "get(\"probe/1\")");
            h.await(probe2, h.scaled(5000), "get(\"probe/2\")");
        }
    }
}
