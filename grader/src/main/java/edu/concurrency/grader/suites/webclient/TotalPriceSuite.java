package edu.concurrency.grader.suites.webclient;

import static edu.concurrency.grader.suites.webclient.TestServer.Reply.ok;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.status;
import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.webclient.AsyncWebClient;
import edu.concurrency.webclient.HttpStatusException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code webclient.total-price}: the sum of the prices of the listed items, and a
 * failure (not a wrong number, not a hang) for malformed JSON and failed requests.
 */
class TotalPriceSuite extends ServerSuite {

    private static final Duration RELAXED = Duration.ofSeconds(10);

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
                    + Harness.describe(failure)).isInstanceOf(HttpStatusException.class);
        }
    }
}
