package edu.concurrency.webclient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous HTTP client with a concurrency limit, timeouts and retries, built on
 * {@link java.net.http.HttpClient#sendAsync} and {@link CompletableFuture} composition (the Java
 * counterpart of Python's aiohttp with {@code asyncio.Semaphore}, {@code asyncio.wait_for} and
 * {@code asyncio.gather}).
 *
 * <h2>Rules (the grader checks every one)</h2>
 * <ul>
 *   <li><b>Paths.</b> A path is resolved against {@code baseUri} ({@link URI#resolve(String)}):
 *       with base {@code http://host/api/}, the path {@code items/7} means
 *       {@code http://host/api/items/7}.</li>
 *   <li><b>The limit.</b> At most {@code maxConcurrency} requests are in flight at the same
 *       time, counted over all methods together (use an {@link AsyncLimiter}).</li>
 *   <li><b>Statuses.</b> A 2xx status gives the body. 429, 5xx, timeouts and
 *       {@link java.io.IOException}s are retried, up to {@code maxRetries} more times: the retry
 *       after the failed attempt number {@code n} (1, 2, ...) waits 100 ms * 2<sup>n-1</sup>
 *       (100 ms, 200 ms, 400 ms, ...), except after a 429 with a {@code Retry-After} header,
 *       which gives the wait in seconds. The wait holds no permit and blocks no thread. Any other
 *       status fails the call at once with an {@link HttpStatusException}. When the retries run
 *       out, the call fails with the last failure (for a status: an
 *       {@link HttpStatusException} with the last status).</li>
 *   <li><b>Timeouts.</b> Each attempt is limited to {@code requestTimeout}, from sending the
 *       request to receiving the whole body. Beware: {@link java.net.http.HttpRequest.Builder#timeout}
 *       stops counting once the response headers have arrived, so a server that stalls in the
 *       middle of the body is not caught by it. A timed-out attempt fails with a
 *       {@link java.util.concurrent.TimeoutException} or a
 *       {@link java.net.http.HttpTimeoutException}, and its exchange is cancelled.</li>
 *   <li><b>Cancellation.</b> Cancelling a returned future cancels its requests (also a retry
 *       that is waiting) and frees their permits.</li>
 *   <li><b>Never blocking.</b> No method and no callback blocks a thread: no {@code sleep},
 *       {@code wait}, {@code HttpClient.send}, latch, condition or blocking queue anywhere (checked
 *       in the bytecode), and no {@code join} or {@code get} of a future that is not done yet
 *       (checked at run time: a callback or task of yours seen waiting, or a public method that
 *       does not return within 50 ms). Reading a result that is already there is fine, for
 *       example {@code allOf(parts).thenApply(v -> parts.stream().map(CompletableFuture::join)...)}
 *       or {@code join} inside {@code thenCombine} or {@code thenCompose} over the same futures.
 *       A short {@code synchronized} section or {@code ReentrantLock} over a few fields is fine
 *       too, as long as no future is completed while it is held. Every public method returns
 *       within 50 ms, whatever the server does.</li>
 *   <li><b>One HttpClient.</b> Create one {@link java.net.http.HttpClient} per
 *       {@code AsyncWebClient} and send every request and attempt with it: it keeps its
 *       connections alive and reuses them. A client per request opens a new TCP connection (and a
 *       selector thread) for every request; the grader counts the connections at the server.</li>
 *   <li><b>close.</b> After {@link #close()}, every method fails with
 *       {@link IllegalStateException}.</li>
 * </ul>
 *
 * <p>Jackson databind ({@code com.fasterxml.jackson.databind.ObjectMapper}) is on the class path
 * for {@link #totalPrice()}.
 */
public final class AsyncWebClient implements AutoCloseable {

    /**
     * Creates a client.
     *
     * @param baseUri        the URI paths are resolved against, for example
     *                       {@code http://127.0.0.1:8080/api/}
     * @param maxConcurrency the most requests in flight at the same time, over all methods, at
     *                       least 1
     * @param requestTimeout the longest time one attempt may take, positive
     * @param maxRetries     how many times a failed request is retried at most (0: never)
     * @throws IllegalArgumentException if {@code maxConcurrency < 1}, {@code maxRetries < 0}, or
     *     {@code requestTimeout} is null, zero or negative
     * @throws NullPointerException     if {@code baseUri} is null
     */
    public AsyncWebClient(URI baseUri, int maxConcurrency, Duration requestTimeout, int maxRetries) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * GETs one path, within the limit, with retries.
     *
     * @param path the path, resolved against the base URI
     * @return a future with the body of the 2xx response; it fails with an
     *     {@link HttpStatusException} for a status that is not retried (or the last status when
     *     the retries ran out), or with the last timeout or I/O failure
     * @throws IllegalStateException if the client is closed (or the future fails with it)
     */
    public CompletableFuture<String> get(String path) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * GETs several paths concurrently, within the limit, like {@code asyncio.gather}.
     *
     * <p>The first failure fails the whole at once; the requests that are still running are then
     * cancelled, and those that have not been sent yet are never sent.
     *
     * @param paths the paths, resolved against the base URI
     * @return a future with the bodies, in the order of {@code paths} (not the order in which the
     *     responses arrived)
     * @throws IllegalStateException if the client is closed (or the future fails with it)
     */
    public CompletableFuture<List<String>> getAll(List<String> paths) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The total price of all items: GET {@code items} returns a JSON array of integer ids, for
     * example {@code [3, 5, 8]}; GET {@code items/<id>} returns a JSON object with an integer
     * {@code price}, for example {@code {"id": 3, "price": 250}}. The items are fetched
     * concurrently, within the limit: all item requests are started before any answer is awaited,
     * so that with a limit above 1 the server sees several of them in flight at once (not one
     * after the other).
     *
     * @return a future with the sum of the prices; it fails if a request fails or a body is not
     *     the JSON described above (malformed JSON, no array, no integer price)
     * @throws IllegalStateException if the client is closed (or the future fails with it)
     */
    public CompletableFuture<Long> totalPrice() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Closes the client without blocking: requests in flight are cancelled, and every later call
     * of a method fails with {@link IllegalStateException}. Closing twice is harmless.
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
