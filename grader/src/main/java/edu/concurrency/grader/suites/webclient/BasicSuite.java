package edu.concurrency.grader.suites.webclient;

import static edu.concurrency.grader.suites.webclient.TestServer.Reply.ok;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import edu.concurrency.webclient.AsyncWebClient;
import edu.concurrency.webclient.HttpStatusException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code webclient.basic}: construction checks, paths resolved against the base URI, a
 * 2xx gives the body, another status fails with {@link HttpStatusException}, and close.
 */
class BasicSuite extends ServerSuite {

    /** A per-attempt timeout that plays no role in these checks. */
    private static final Duration RELAXED = Duration.ofSeconds(10);

    @Test
    @DisplayName("the constructor rejects maxConcurrency < 1, maxRetries < 0 and a null, zero or negative timeout")
    void constructorChecksItsArguments() {
        URI base = h.server.base();
        record Case(String call, Callable<AsyncWebClient> make) {
        }
        List<Case> cases = List.of(
                new Case("new AsyncWebClient(base, 0, 1 s, 2)", () -> new AsyncWebClient(base, 0, Duration.ofSeconds(1), 2)),
                new Case("new AsyncWebClient(base, -3, 1 s, 2)", () -> new AsyncWebClient(base, -3, Duration.ofSeconds(1), 2)),
                new Case("new AsyncWebClient(base, 4, 1 s, -1)", () -> new AsyncWebClient(base, 4, Duration.ofSeconds(1), -1)),
                new Case("new AsyncWebClient(base, 4, null, 2)", () -> new AsyncWebClient(base, 4, null, 2)),
                new Case("new AsyncWebClient(base, 4, 0 s, 2)", () -> new AsyncWebClient(base, 4, Duration.ZERO, 2)),
                new Case("new AsyncWebClient(base, 4, -1 s, 2)", () -> new AsyncWebClient(base, 4, Duration.ofSeconds(-1), 2)));
        for (Case c : cases) {
            assertThatThrownBy(() -> {
                AsyncWebClient client = h.call(c.call(), c.make());
                client.close();
            }).as(c.call() + " must throw IllegalArgumentException").isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("get resolves the path against the base URI and gives the body of a 200")
    void getResolvesThePathAndGivesTheBody() throws Exception {
        h.server.route("api/items/7", ok("{\"id\": 7, \"price\": 70}"));
        URI base = h.server.base().resolve("api/");
        try (AsyncWebClient client = h.call("new AsyncWebClient(" + base + ", 2, 10 s, 0)",
                () -> new AsyncWebClient(base, 2, RELAXED, 0))) {
            String body = h.await(h.get(client, "items/7"), h.scaled(5000), "get(\"items/7\") with base " + base);
            assertThat(body).as("the body of GET " + base.resolve("items/7")).isEqualTo("{\"id\": 7, \"price\": 70}");
            assertThat(h.server.hits("api/items/7")).as("requests for /api/items/7 at the server").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("every 2xx status gives the body")
    void every2xxGivesTheBody() throws Exception {
        h.server.route("created", new TestServer.Reply(201, "made", Duration.ZERO, null, TestServer.Stall.NONE));
        h.server.route("accepted", new TestServer.Reply(202, "queued", Duration.ZERO, null, TestServer.Stall.NONE));
        try (AsyncWebClient client = h.client(2, RELAXED, 0)) {
            assertThat(h.await(h.get(client, "created"), h.scaled(5000), "get(\"created\") (status 201)")).isEqualTo("made");
            assertThat(h.await(h.get(client, "accepted"), h.scaled(5000), "get(\"accepted\") (status 202)")).isEqualTo("queued");
        }
    }

    @Test
    @DisplayName("a 404 fails the future with HttpStatusException(404, uri)")
    void notFoundFailsWithHttpStatusException() throws Exception {
        h.server.route("missing", status(404));
        try (AsyncWebClient client = h.client(2, RELAXED, 0)) {
            CompletableFuture<String> future = h.get(client, "missing");
            Throwable failure = h.awaitFailure(future, h.scaled(5000), "get(\"missing\") answered with 404");
            if (!(failure instanceof HttpStatusException status)) {
                throw new AssertionError("Swallowed or replaced exception: get(\"missing\") answered with 404 must fail"
                        + " with HttpStatusException, but failed with " + WebClientHarness.describe(failure), failure);
            }
            assertThat(status.statusCode()).as("HttpStatusException.statusCode()").isEqualTo(404);
            assertThat(status.uri()).as("HttpStatusException.uri()").isEqualTo(h.server.base().resolve("missing"));
        }
    }

    @Test
    @DisplayName("after close, get, getAll and totalPrice fail with IllegalStateException; closing twice is harmless")
    void closedClientFailsWithIllegalStateException() throws Exception {
        h.server.route("a", ok("a"));
        AsyncWebClient client = h.client(2, RELAXED, 0);
        h.await(h.get(client, "a"), h.scaled(5000), "get(\"a\") before close");
        h.call("close()", () -> {
            client.close();
            return null;
        });
        h.call("close() again", () -> {
            client.close();
            return null;
        });
        List<Callable<CompletableFuture<?>>> calls = List.of(() -> client.get("a"), () -> client.getAll(List.of("a")),
                client::totalPrice);
        List<String> names = List.of("get(\"a\")", "getAll([a])", "totalPrice()");
        for (int i = 0; i < calls.size(); i++) {
            String name = names.get(i) + " after close()";
            Throwable failure;
            try {
                failure = h.awaitFailure(h.call(name, calls.get(i)), h.scaled(2000), name);
            } catch (IllegalStateException thrown) {
                failure = thrown; // throwing at once is fine too
            }
            assertThat(failure).as(name + " must fail with IllegalStateException, but failed with "
                    + WebClientHarness.describe(failure)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(h.server.requests()).as("requests the server got after close() (expected only the one before)")
                .isEqualTo(1);
    }
}
