package edu.concurrency.grader.suites.webclient;

import static edu.concurrency.grader.suites.webclient.TestServer.Reply.ok;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.status;
import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.webclient.AsyncWebClient;
import edu.concurrency.webclient.HttpStatusException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code webclient.total-price}: the sum of the prices of the listed items, the items
 * requested concurrently (the handout: "The items are fetched concurrently, within the limit"),
 * and a failure (not a wrong number, not a hang) for malformed JSON and failed requests.
 *
 * <p>Concurrency is checked without timing: every item's answer is held before its headers until
 * {@value #OVERLAP} item requests are in flight at the server at the same time (or
 * {@value #OVERLAP_WAIT_MILLIS} ms, times the timeout factor, have passed). A client that sends
 * the items concurrently gets there at once; one that waits for each answer before it sends the
 * next request never has more than one in flight, and waits out the deadline.
 */
class TotalPriceSuite extends ServerSuite {

    private static final Duration RELAXED = Duration.ofSeconds(10);
    /** Item requests that must be in flight at once: more than 1, with a limit of 3 and 6 items. */
    static final int OVERLAP = 2;
    /** How long the held answers wait for {@value #OVERLAP} item requests in flight, in ms (scaled). */
    static final long OVERLAP_WAIT_MILLIS = 2000;

    private void items(String list, long... ids) {
        h.server.route("items", ok(list));
        for (long id : ids) {
            h.server.route("items/" + id, ok("{\"id\": " + id + ", \"name\": \"item " + id + "\", \"price\": " + (id * 100 + 1)
                    + "}").after(Duration.ofMillis(20)));
        }
    }

    @Test
    @DisplayName("totalPrice sums the integer prices of every item listed at items")
    void sumsThePrices() throws Exception {
        long[] ids = {3, 5, 8, 13, 21, 34};
        items("[3, 5, 8, 13, 21, 34]", ids);
        long expected = 0;
        for (long id : ids) {
            expected += id * 100 + 1;
        }
        try (AsyncWebClient client = h.client(3, RELAXED, 0)) {
            assertThat(h.await(h.totalPrice(client), h.scaled(5000), "totalPrice() with items [3, 5, 8, 13, 21, 34]"))
                    .as("the sum of the prices").isEqualTo(expected);
            for (long id : ids) {
                assertThat(h.server.hits("items/" + id)).as("requests for items/%d", id).isEqualTo(1);
            }
            items("[]");
            assertThat(h.await(h.totalPrice(client), h.scaled(5000), "totalPrice() with no items"))
                    .as("the total price of no items").isZero();
        }
    }

    @Test
    @DisplayName("totalPrice requests the items concurrently: with maxConcurrency 3, more than 1 item request is in flight at once")
    void requestsTheItemsConcurrently() throws Exception {
        long[] ids = {2, 4, 6, 8, 10, 12};
        h.server.route("items", ok("[2, 4, 6, 8, 10, 12]"));
        long expected = 0;
        for (long id : ids) {
            h.server.route("items/" + id, ok("{\"id\": " + id + ", \"price\": " + id + "}").heldUntilRelease());
            expected += id;
        }
        try (AsyncWebClient client = h.client(3, RELAXED, 0)) {
            CompletableFuture<Long> total = h.totalPrice(client);
            boolean overlapped = h.server.awaitInFlight(OVERLAP, h.scaled(OVERLAP_WAIT_MILLIS));
            int seen = h.server.maxInFlight();
            h.server.releaseStalls();
            assertThat(h.await(total, h.scaled(5000), "totalPrice() with items [2, 4, 6, 8, 10, 12]"))
                    .as("the sum of the prices").isEqualTo(expected);
            if (!overlapped) {
                throw new AssertionError("Sequential requests: totalPrice() requested the items one after another; the"
                        + " server held each item's answer until " + OVERLAP + " item requests were in flight, and saw at"
                        + " most " + seen + " in flight within " + h.scaled(OVERLAP_WAIT_MILLIS).toMillis() + " ms (6 items,"
                        + " maxConcurrency 3: expected up to 3 at once). In AsyncWebClient.totalPrice, start every item"
                        + " request first (getAll, or a list of futures and allOf), then combine the results; chaining"
                        + " them (thenCompose in a loop, or waiting for each) makes n requests take n round trips.");
            }
        }
    }

    @Test
    @DisplayName("totalPrice fails (instead of guessing) when the list or an item is malformed JSON")
    void malformedJsonFails() throws Exception {
        try (AsyncWebClient client = h.client(3, RELAXED, 0)) {
            for (String list : new String[] {"[1, 2,", "{\"items\": [1, 2]}", "not json at all"}) {
                items(list, 1, 2);
                h.awaitFailure(h.totalPrice(client), h.scaled(5000), "totalPrice() when items answers " + list);
            }
            items("[1, 2]", 1);
            for (String item : new String[] {"{\"price\": 12", "{\"price\": \"cheap\"}", "{\"cost\": 12}"}) {
                h.server.route("items/2", ok(item));
                h.awaitFailure(h.totalPrice(client), h.scaled(5000), "totalPrice() when items/2 answers " + item);
            }
        }
    }

    @Test
    @DisplayName("totalPrice fails with HttpStatusException when an item request fails")
    void failedItemFails() throws Exception {
        items("[1, 2, 3]", 1, 3);
        h.server.route("items/2", status(404));
        try (AsyncWebClient client = h.client(3, RELAXED, 0)) {
            Throwable failure = h.awaitFailure(h.totalPrice(client), h.scaled(5000), "totalPrice() when items/2 answers 404");
            assertThat(failure).as("totalPrice's failure when items/2 answers 404, but it failed with "
                    + WebClientHarness.describe(failure)).isInstanceOf(HttpStatusException.class);
        }
    }
}
