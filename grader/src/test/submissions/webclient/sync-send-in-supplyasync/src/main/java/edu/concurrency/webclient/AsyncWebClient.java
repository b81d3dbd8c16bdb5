package edu.concurrency.webclient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reference solution: an asynchronous HTTP client on {@link HttpClient#sendAsync}.
 *
 * <p>Every request is a {@link Call}: a future for its result, and the one thing it currently
 * waits for (an attempt, which waits for a permit or for the server, or the timer of a retry).
 * Cancelling the call's future cancels that thing. An attempt runs inside
 * {@link AsyncLimiter#run}, so it holds a permit exactly while it is in flight; the wait before
 * a retry is a timer task, which holds no permit and blocks no thread.
 *
 * <p>Calls of one {@code getAll} (or {@code totalPrice}) form a {@link Group}. The verdict of an
 * attempt (success, retry, or final failure) is taken inside the attempt's stage, so a final
 * failure fails the group <em>before</em> the attempt's permit is released: the queued requests
 * of the group that get the permit afterwards see the failed group and are never sent.
 */
public final class AsyncWebClient implements AutoCloseable {

    /** The wait before the first retry; it doubles with every further retry. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final URI baseUri;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final AsyncLimiter limiter;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor timer;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The calls not finished yet, so that {@link #close()} can cancel them. */
    private final Set<Call> active = ConcurrentHashMap.newKeySet();

    /**
     * Creates a client.
     *
     * @param baseUri        the URI paths are resolved against
     * @param maxConcurrency the most requests in flight at the same time, at least 1
     * @param requestTimeout the longest time one attempt may take, positive
     * @param maxRetries     how many times a failed request is retried at most, at least 0
     * @throws IllegalArgumentException if an argument is out of range
     * @throws NullPointerException     if {@code baseUri} is null
     */
    public AsyncWebClient(URI baseUri, int maxConcurrency, Duration requestTimeout, int maxRetries) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, but was " + maxConcurrency);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, but was " + maxRetries);
        }
        if (requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new IllegalArgumentException("requestTimeout must be positive, but was " + requestTimeout);
        }
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.limiter = new AsyncLimiter(maxConcurrency);
        this.http = HttpClient.newHttpClient();
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "AsyncWebClient-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * GETs one path, within the limit, with retries.
     *
     * @param path the path, resolved against the base URI
     * @return a future with the body of the 2xx response
     * @throws IllegalStateException if the client is closed
     */
    public CompletableFuture<String> get(String path) {
        checkOpen();
        return start(resolve(path), null);
    }

    /**
     * GETs several paths concurrently, within the limit; the first failure fails the whole.
     *
     * @param paths the paths, resolved against the base URI
     * @return a future with the bodies, in the order of {@code paths}
     * @throws IllegalStateException if the client is closed
     */
    public CompletableFuture<List<String>> getAll(List<String> paths) {
        checkOpen();
        List<URI> uris = paths.stream().map(this::resolve).toList();
        return fetchAll(uris);
    }

    /**
     * The total price of all items.
     *
     * @return a future with the sum of the prices of the items listed at {@code items}
     * @throws IllegalStateException if the client is closed
     */
    public CompletableFuture<Long> totalPrice() {
        checkOpen();
        CompletableFuture<Long> total = new CompletableFuture<>();
        CompletableFuture<String> list = start(resolve("items"), null);
        cancelWith(total, list);
        list.whenComplete((body, failure) -> {
            if (failure != null) {
                total.completeExceptionally(unwrap(failure));
                return;
            }
            List<URI> items = new ArrayList<>();
            try {
                for (long id : parseIds(body)) {
                    items.add(resolve("items/" + id));
                }
            } catch (IOException | RuntimeException e) {
                total.completeExceptionally(e);
                return;
            }
            CompletableFuture<List<String>> bodies = fetchAll(items);
            cancelWith(total, bodies);
            bodies.whenComplete((prices, error) -> {
                if (error != null) {
                    total.completeExceptionally(unwrap(error));
                    return;
                }
                try {
                    long sum = 0;
                    for (String item : prices) {
                        sum = Math.addExact(sum, parsePrice(item));
                    }
                    total.complete(sum);
                } catch (IOException | RuntimeException e) {
                    total.completeExceptionally(e);
                }
            });
        });
        return total;
    }

    /**
     * Closes the client: the calls in flight are cancelled, later calls fail with
     * {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (Call call : active) {
                call.result.cancel(true);
            }
            timer.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- calls and attempts

    /**
     * The calls of one {@code getAll}, gathered in {@link #whole}. The group has failed as soon as
     * {@code whole} is done before all calls succeeded: a final failure fails it at once, and so
     * does cancelling it.
     */
    private static final class Group {
        final CompletableFuture<List<String>> whole = new CompletableFuture<>();

        boolean failed() {
            return whole.isDone();
        }

        void fail(Throwable cause) {
            whole.completeExceptionally(cause);
        }
    }

    /** One request with its retries. */
    private static final class Call {
        final URI uri;
        final Group group;
        final CompletableFuture<String> result = new CompletableFuture<>();
        /** What the call waits for now: an attempt or the timer of a retry. */
        final AtomicReference<Future<?>> pending = new AtomicReference<>();
        /** The number of the current attempt: 1, 2, ...; written before a retry is scheduled. */
        volatile int attempt = 1;

        Call(URI uri, Group group) {
            this.uri = uri;
            this.group = group;
        }

        /** Records what the call waits for now, and cancels it if the call is already over. */
        void waitFor(Future<?> next) {
            pending.set(next);
            if (result.isDone()) {
                next.cancel(true);
            }
        }
    }

    /** What an attempt decided: the body, a retry after a delay, or a final failure. */
    private record Verdict(String body, Duration retryAfter, Throwable failure) {
    }

    private CompletableFuture<String> start(URI uri, Group group) {
        Call call = new Call(uri, group);
        active.add(call);
        call.result.whenComplete((body, failure) -> {
            active.remove(call);
            Future<?> pending = call.pending.get();
            if (pending != null) {
                pending.cancel(true);
            }
        });
        if (closed.get()) {
            call.result.completeExceptionally(new IllegalStateException("the client is closed"));
        } else {
            attempt(call);
        }
        return call.result;
    }

    private void attempt(Call call) {
        if (call.result.isDone()) {
            return;
        }
        CompletableFuture<Verdict> verdict = limiter.run(() -> send(call));
        call.waitFor(verdict);
        verdict.whenComplete((v, failure) -> {
            if (failure != null) {
                call.result.completeExceptionally(unwrap(failure));
            } else if (v.body() != null) {
                call.result.complete(v.body());
            } else if (v.failure() != null) {
                call.result.completeExceptionally(v.failure());
            } else {
                retryLater(call, v.retryAfter());
            }
        });
    }

    private void retryLater(Call call, Duration delay) {
        if (call.result.isDone()) {
            return;
        }
        call.attempt++;
        try {
            ScheduledFuture<?> retry = timer.schedule(() -> attempt(call), delay.toNanos(), TimeUnit.NANOSECONDS);
            call.waitFor(retry);
        } catch (RejectedExecutionException e) {
            call.result.completeExceptionally(new IllegalStateException("the client is closed", e));
        }
    }

    /**
     * Sends one attempt (with a permit) and decides, inside the attempt's stage, what to do next.
     * A final failure fails the call's group here, before the permit is released.
     */
    private CompletableFuture<Verdict> send(Call call) {
        if (call.group != null && call.group.failed()) {
            return CompletableFuture.failedFuture(new CancellationException("another request of the group failed"));
        }
        if (call.result.isDone()) {
            return CompletableFuture.failedFuture(new CancellationException("the call is over"));
        }
        HttpRequest request = HttpRequest.newBuilder(call.uri).timeout(requestTimeout).GET().build();
        // BUG: a synchronous send on a pool thread instead of sendAsync
        CompletableFuture<HttpResponse<String>> exchange = CompletableFuture.supplyAsync(() -> {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        });
        CompletableFuture<HttpResponse<String>> attempt = new CompletableFuture<>();
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                attempt.completeExceptionally(unwrap(failure));
            } else {
                attempt.complete(response);
            }
        });
        // HttpRequest.timeout stops counting once the headers arrived: the attempt needs its own deadline
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(() -> {
                attempt.completeExceptionally(new TimeoutException(
                        "no complete response from " + call.uri + " within " + requestTimeout.toMillis() + " ms"));
            }, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            exchange.cancel(true);
            return CompletableFuture.failedFuture(new IllegalStateException("the client is closed", e));
        }
        attempt.whenComplete((response, failure) -> {
            deadline.cancel(false);
            if (failure != null) {
                exchange.cancel(true); // timed out or cancelled: abort the exchange
            }
        });
        CompletableFuture<Verdict> verdict = attempt.handle((response, failure) -> decide(call, response, failure));
        // cancelling the verdict (when the call is cancelled) cancels the attempt and its exchange
        verdict.whenComplete((v, failure) -> {
            if (verdict.isCancelled()) {
                attempt.cancel(true);
            }
        });
        return verdict;
    }

    private Verdict decide(Call call, HttpResponse<String> response, Throwable failure) {
        Throwable cause = failure == null ? null : unwrap(failure);
        boolean retryable;
        Duration delay = backoff(call.attempt);
        if (cause == null) {
            int status = response.statusCode();
            if (status >= 200 && status <= 299) {
                return new Verdict(response.body(), null, null);
            }
            cause = new HttpStatusException(status, call.uri);
            retryable = status == 429 || (status >= 500 && status <= 599);
            if (status == 429) {
                delay = retryAfter(response).orElse(delay);
            }
        } else {
            retryable = cause instanceof TimeoutException || cause instanceof IOException;
        }
        if (retryable && call.attempt <= maxRetries && !call.result.isDone()) {
            return new Verdict(null, delay, null);
        }
        if (call.group != null) {
            call.group.fail(cause); // before this attempt's permit is released
        }
        return new Verdict(null, null, cause);
    }

    private static Duration backoff(int failedAttempt) {
        return FIRST_BACKOFF.multipliedBy(1L << Math.min(failedAttempt - 1, 20));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        try {
            return header.map(String::strip).map(Long::parseLong).filter(s -> s >= 0).map(Duration::ofSeconds);
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: fall back to the exponential backoff
        }
    }

    /** Starts the calls of one group and gathers their results in order. */
    private CompletableFuture<List<String>> fetchAll(List<URI> uris) {
        Group group = new Group();
        CompletableFuture<List<String>> all = group.whole;
        if (uris.isEmpty()) {
            all.complete(List.of());
            return all;
        }
        String[] bodies = new String[uris.size()];
        AtomicInteger remaining = new AtomicInteger(uris.size());
        List<CompletableFuture<String>> calls = new CopyOnWriteArrayList<>();
        // the first failure (or a cancellation of the whole) cancels every call of the group
        all.whenComplete((value, failure) -> {
            if (failure != null) {
                calls.forEach(c -> c.cancel(true));
            }
        });
        for (int i = 0; i < uris.size() && !all.isDone(); i++) {
            int index = i;
            CompletableFuture<String> call = start(uris.get(i), group);
            calls.add(call);
            call.whenComplete((body, failure) -> {
                if (failure != null) {
                    all.completeExceptionally(unwrap(failure));
                } else {
                    bodies[index] = body;
                    if (remaining.decrementAndGet() == 0) {
                        all.complete(Arrays.asList(bodies));
                    }
                }
            });
        }
        if (all.isDone()) {
            calls.forEach(c -> c.cancel(true)); // failed while the calls were being started
        }
        return all;
    }

    // ---------------------------------------------------------------- helpers

    private List<Long> parseIds(String body) throws JsonProcessingException {
        JsonNode ids = json.readTree(body);
        if (ids == null || !ids.isArray()) {
            throw new IllegalArgumentException("items: expected a JSON array of ids, but got " + abbreviate(body));
        }
        List<Long> result = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isIntegralNumber()) {
                throw new IllegalArgumentException("items: expected integer ids, but got " + abbreviate(body));
            }
            result.add(id.longValue());
        }
        return result;
    }

    private long parsePrice(String body) throws JsonProcessingException {
        JsonNode item = json.readTree(body);
        JsonNode price = item == null ? null : item.get("price");
        if (price == null || !price.isIntegralNumber()) {
            throw new IllegalArgumentException("item: expected an object with an integer price, but got "
                    + abbreviate(body));
        }
        return price.longValue();
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private URI resolve(String path) {
        return baseUri.resolve(Objects.requireNonNull(path, "path"));
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the client is closed");
        }
    }

    private static void cancelWith(CompletableFuture<?> outer, CompletableFuture<?> inner) {
        outer.whenComplete((value, failure) -> {
            if (failure != null) {
                inner.cancel(true);
            }
        });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
