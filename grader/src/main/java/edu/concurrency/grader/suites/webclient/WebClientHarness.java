package edu.concurrency.grader.suites.webclient;

import edu.concurrency.grader.suites.support.GradingEnvironment;
import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.webclient.AsyncWebClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every web client suite needs: a {@link TestServer}, calls of the submission's public
 * methods that may not block, waits for its futures with deadlines, and a clean end.
 *
 * <p>Public methods are called on daemon "caller" threads, so that a submission whose method
 * blocks (for example {@code sendAsync(...).join()} inside {@code get}) fails with a message
 * that says where the caller is stuck, instead of hanging the suite.
 *
 * <p>{@link #close()} ends a suite so that it leaves no thread behind: it stops the callers,
 * collects the garbage (the clients under test are unreachable by then, so their
 * {@link java.net.http.HttpClient}s are too), then stops the server, which closes every
 * connection; that wakes each HttpClient's selector thread, which sees that its client is gone
 * and ends together with the client's worker threads (measured: within 0.1 s; without the
 * wake-up a selector thread lingers up to 3 s).
 */
final class WebClientHarness implements AutoCloseable {

    /** The package of the exercise: its frames are what feedback points at. */
    static final String PACKAGE = "edu.concurrency.webclient";

    /** How long a public method may take before a suite calls it blocking: generous, 2 s. */
    private static final Duration CALL_LIMIT = Duration.ofSeconds(2);

    final GradingEnvironment env = GradingEnvironment.current();
    final TestServer server;
    private final ExecutorService callers;

    private WebClientHarness(TestServer server) {
        this.server = server;
        AtomicInteger number = new AtomicInteger();
        this.callers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "caller-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Warms the JDK's HTTP client up (once per JVM, see {@link JdkHttpWarmup}), then starts a
     * server and the caller threads.
     *
     * @return the harness
     * @throws IOException if the server cannot bind to 127.0.0.1
     */
    static WebClientHarness start() throws IOException {
        JdkHttpWarmup.ensure();
        return new WebClientHarness(TestServer.start());
    }

    /** @return {@code millis} scaled by the grading environment's timeout factor */
    Duration scaled(long millis) {
        return env.scaled(Duration.ofMillis(millis));
    }

    /**
     * Creates a client of the submission for this harness's server.
     *
     * @param maxConcurrency the limit
     * @param requestTimeout the per-attempt timeout (a behaviour, not scaled)
     * @param maxRetries     the retries
     * @return the client; close it
     */
    AsyncWebClient client(int maxConcurrency, Duration requestTimeout, int maxRetries) throws Exception {
        return call("new AsyncWebClient(" + server.base() + ", " + maxConcurrency + ", " + requestTimeout + ", "
                + maxRetries + ")", () -> new AsyncWebClient(server.base(), maxConcurrency, requestTimeout, maxRetries));
    }

    /** Calls {@code client.get(path)}, which must return at once. */
    CompletableFuture<String> get(AsyncWebClient client, String path) throws Exception {
        return call("get(\"" + path + "\")", () -> client.get(path));
    }

    /** Calls {@code client.getAll(paths)}, which must return at once. */
    CompletableFuture<List<String>> getAll(AsyncWebClient client, List<String> paths) throws Exception {
        return call("getAll(" + paths + ")", () -> client.getAll(paths));
    }

    /** Calls {@code client.totalPrice()}, which must return at once. */
    CompletableFuture<Long> totalPrice(AsyncWebClient client) throws Exception {
        return call("totalPrice()", client::totalPrice);
    }

    /**
     * Calls a public method of the submission on a caller thread, and fails if it does not return
     * within 2 s (scaled): a public method must return a future at once.
     *
     * @param what the call as the student wrote it, for example {@code get("items")}
     * @param call the call
     * @return what the call returned
     * @throws Exception whatever the call threw, unwrapped (so the runner points at the line)
     */
    <T> T call(String what, Callable<T> call) throws Exception {
        AtomicReference<Thread> caller = new AtomicReference<>();
        Future<T> future = callers.submit(() -> {
            caller.set(Thread.currentThread());
            return call.call();
        });
        Duration limit = env.scaled(CALL_LIMIT);
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            Thread thread = caller.get();
            AssertionError blocked = new AssertionError("Blocking call: " + what + " did not return within "
                    + Threads.format(limit) + "; a public method must return its future at once and never wait for"
                    + " the server: " + (thread == null ? "the call did not start" : Threads.describe(thread, PACKAGE)),
                    thread == null ? null : Threads.stackOf(thread, PACKAGE));
            future.cancel(true);
            throw blocked;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /**
     * Waits for a future that must succeed.
     *
     * @param future  the future
     * @param timeout the longest wait (already scaled)
     * @param what    what the future is, for example {@code get("flaky")}
     * @return the future's value
     * @throws AssertionError if it does not complete in time (the message names the hang) or fails
     *     (the failure is the cause, so the runner can point at the submission's line)
     */
    <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Hang: " + what + " did not complete within " + Threads.format(timeout)
                    + " (requests in flight at the server: " + server.inFlight() + ")");
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = unwrap(e);
            throw new AssertionError(what + " should succeed, but it failed with " + describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /**
     * Waits for a future that must fail.
     *
     * @param future  the future
     * @param timeout the longest wait (already scaled)
     * @param what    what the future is
     * @return the failure, unwrapped from {@link CompletionException} and {@link ExecutionException}
     * @throws AssertionError if it does not complete in time or completes normally
     */
    Throwable awaitFailure(CompletableFuture<?> future, Duration timeout, String what) {
        try {
            Object value = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            throw new AssertionError("Swallowed exception: " + what + " should fail, but it completed normally with "
                    + abbreviate(value));
        } catch (TimeoutException e) {
            throw new AssertionError("Hang: " + what + " did not complete within " + Threads.format(timeout)
                    + " (requests in flight at the server: " + server.inFlight() + ")");
        } catch (ExecutionException | CancellationException e) {
            return unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /**
     * Waits until a future is done, however it ends.
     *
     * @return true if it completed within the timeout
     */
    boolean awaitDone(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | CancellationException e) {
            // done, with a failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return future.isDone();
    }

    /** Ends the suite without leaving threads behind (see the class comment). */
    @Override
    public void close() {
        callers.shutdownNow();
        try {
            callers.awaitTermination(env.scaled(Duration.ofSeconds(2)).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.gc(); // the clients under test are unreachable now; their selectors end once woken
        server.close();
    }

    /** @return the throwable without its CompletionException and ExecutionException wrappers */
    static Throwable unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x instanceof ExecutionException) && x.getCause() != null) {
            x = x.getCause();
        }
        return x;
    }

    /** @return whether {@code t} or one of its causes is an instance of {@code type} */
    static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (type.isInstance(x)) {
                return true;
            }
        }
        return false;
    }

    /** @return the class and message of a throwable, for feedback */
    static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + abbreviate(t.getMessage()));
    }

    static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    private static Exception rethrow(Throwable t) {
        if (t instanceof Exception e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new RuntimeException(t);
    }
}
