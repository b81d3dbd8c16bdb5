package edu.concurrency.grader.suites.webclient;

import static edu.concurrency.grader.suites.webclient.TestServer.Reply.ok;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.stallBeforeHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.webclient.AsyncWebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code webclient.limit-and-cancel}: at most {@code maxConcurrency} requests in flight
 * over all methods together, and cancelling a returned future frees the permits of its requests.
 *
 * <p>The limit is only checked in a scenario without cancellations or timeouts: after one, the
 * server may briefly still count a request the client has already given up (measured).
 */
class LimitSuite extends ServerSuite {

    private static final Duration RELAXED = Duration.ofSeconds(10);

    @Test
    @DisplayName("get, getAll and totalPrice together never have more than maxConcurrency requests in flight")
    void theLimitHoldsOverAllMethods() throws Exception {
        Duration latency = Duration.ofMillis(40);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            paths.add("page/" + i);
            h.server.route("page/" + i, ok("page " + i).after(latency));
        }
        h.server.route("items", ok("[1, 2, 3, 4]").after(latency));
        for (int id = 1; id <= 4; id++) {
            h.server.route("items/" + id, ok("{\"price\": " + id + "}").after(latency));
        }
        try (AsyncWebClient client = h.client(3, RELAXED, 0)) {
            CompletableFuture<List<String>> all = h.getAll(client, paths);
            CompletableFuture<Long> total = h.totalPrice(client);
            List<CompletableFuture<String>> singles = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                singles.add(h.get(client, "page/" + i));
            }
            h.await(all, h.scaled(10_000), "getAll of 10 paths");
            assertThat(h.await(total, h.scaled(10_000), "totalPrice()")).isEqualTo(10L);
            for (CompletableFuture<String> single : singles) {
                h.await(single, h.scaled(10_000), "get(...)");
            }
            int max = h.server.maxInFlight();
            if (max > 3) {
                throw new AssertionError("Limit exceeded: with maxConcurrency 3 the server saw " + max + " requests in"
                        + " flight at the same time while getAll, totalPrice and get ran together; the limit counts"
                        + " over all methods together (one AsyncLimiter per client, every request through it)");
            }
            assertThat(max).as("the most requests in flight (20 requests of 40 ms were available to overlap)")
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    @DisplayName("cancelling a get frees its permit: with maxConcurrency 1, the next get is sent at once")
    void cancellingGetFreesItsPermit() throws Exception {
        h.server.route("hold", stallBeforeHeaders());
        h.server.route("next", ok("next"));
        try (AsyncWebClient client = h.client(1, RELAXED, 0)) {
            CompletableFuture<String> held = h.get(client, "hold");
            if (!h.server.awaitHits("hold", 1, h.scaled(3000))) {
                throw new AssertionError("get(\"hold\") sent no request within 3 s");
            }
            held.cancel(true);
            CompletableFuture<String> next = h.get(client, "next");
            boolean sent = h.server.awaitHits("next", 1, h.scaled(3000));
            h.server.releaseStalls();
            if (!sent) {
                throw new AssertionError("Permit leak: get(\"hold\") was cancelled while the server stalled it, but with"
                        + " maxConcurrency 1 the next get(\"next\") was not sent within " + h.scaled(3000).toMillis()
                        + " ms; cancelling a returned future must cancel its request and free the permit");
            }
            assertThat(h.await(next, h.scaled(5000), "get(\"next\")")).isEqualTo("next");
        }
    }

    @Test
    @DisplayName("cancelling a getAll cancels its requests: the running ones free their permits, the queued ones are never sent")
    void cancellingGetAllCancelsItsRequests() throws Exception {
        h.server.route("hold/1", stallBeforeHeaders());
        h.server.route("hold/2", stallBeforeHeaders());
        // slow, so that a client without a limit is seen with them all in flight at once
        h.server.route("queued/1", ok("q1").after(Duration.ofMillis(100)));
        h.server.route("queued/2", ok("q2").after(Duration.ofMillis(100)));
        h.server.route("probe/1", stallBeforeHeaders());
        h.server.route("probe/2", stallBeforeHeaders());
        try (AsyncWebClient client = h.client(2, RELAXED, 0)) {
            CompletableFuture<List<String>> all = h.getAll(client, List.of("hold/1", "hold/2", "queued/1", "queued/2"));
            if (!h.server.awaitHits("hold/1", 1, h.scaled(3000)) || !h.server.awaitHits("hold/2", 1, h.scaled(3000))) {
                h.server.releaseStalls();
                throw new AssertionError("getAll([hold/1, hold/2, queued/1, queued/2]) with maxConcurrency 2 did not send"
                        + " its first two requests within 3 s");
            }
            // before the cancel: afterwards the server still counts the cancelled requests as in flight
            int max = h.server.maxInFlight();
            long cancelledAt = System.nanoTime();
            all.cancel(true);
            CompletableFuture<String> probe1 = h.get(client, "probe/1");
            CompletableFuture<String> probe2 = h.get(client, "probe/2");
            boolean bothSent = h.server.awaitHits("probe/1", 1, h.scaled(3000))
                    && h.server.awaitHits("probe/2", 1, h.scaled(3000));
            int sentQueued = h.server.hits("queued/1") + h.server.hits("queued/2");
            long sentBeforeCancel = Stream.of("queued/1", "queued/2").flatMap(p -> h.server.hitTimes(p).stream())
                    .filter(t -> t < cancelledAt).count();
            h.server.releaseStalls();
            if (max > 2 || sentBeforeCancel > 0) {
                max = Math.max(max, 2 + (int) sentBeforeCancel);
                throw new AssertionError("Limit exceeded: getAll of 4 paths with maxConcurrency 2 had " + max
                        + " requests in flight at the same time");
            }
            if (sentQueued > 0) {
                throw new AssertionError("Requests sent after cancel: " + sentQueued + " queued request(s) of a cancelled"
                        + " getAll reached the server; cancelling getAll's future must cancel its queued requests");
            }
            if (!bothSent) {
                throw new AssertionError("Permit leak: after getAll's future was cancelled, its two running requests must be"
                        + " cancelled and their permits freed; with maxConcurrency 2, two new get() calls should both"
                        + " reach the server, but only " + (h.server.hits("probe/1") + h.server.hits("probe/2"))
                        + " did within " + h.scaled(3000).toMillis() + " ms");
            }
            h.await(probe1, h.scaled(5000), "get(\"probe/1\")");
            h.await(probe2, h.scaled(5000), "get(\"probe/2\")");
        }
    }
}
