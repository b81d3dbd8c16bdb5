package edu.concurrency.grader.suites.webclient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A real multi-threaded HTTP/1.1 server on 127.0.0.1 for the web client suites: the JDK's
 * {@link HttpServer} with a pool of {@value #DEFAULT_THREADS} daemon handler threads (the
 * default executor would serve one request at a time).
 *
 * <p>Every path has a script of {@link Reply replies}: the n-th request of a path gets the n-th
 * reply, and the last reply repeats (so "fail twice, then 200" is {@code route(p, status(503),
 * status(503), ok("x"))}). Unknown paths get 404. A reply may wait (latency), add a
 * {@code Retry-After} header, stall before or after its headers until {@link #releaseStalls()},
 * or end the connection in the middle of the body.
 *
 * <p>Counters: hits per path with their arrival times, requests in flight, and the connections
 * (client ports) the requests came over. A request counts
 * as in flight from its arrival until the server starts its response (sends the headers), not until the handler returns: a client that sends its next request as soon
 * as a response arrived must not be seen above its limit.
 *
 * <p>Nothing here waits without a bound: stalls end at {@link #releaseStalls()}, at
 * {@link #close()}, or after {@value #MAX_STALL_SECONDS} s at the latest; latencies are short.
 */
final class TestServer implements AutoCloseable {

    /** Handler threads: more than any suite ever has in flight (40 in the performance suite). */
    static final int DEFAULT_THREADS = 64;
    /** The longest a stalled reply waits for {@link #releaseStalls()}, in seconds. */
    static final long MAX_STALL_SECONDS = 60;

    /** How a reply behaves around its headers. */
    enum Stall {
        /** Answers normally. */
        NONE,
        /** Waits before sending anything (the request stays in flight). */
        BEFORE_HEADERS,
        /** Sends the headers and the start of the body, then waits (the client's HttpRequest.timeout no longer counts). */
        AFTER_HEADERS,
        /**
         * Sends the headers and half the body, then closes the connection: the client sees an
         * IOException. (A connection closed before any response is retried by the JDK's HttpClient
         * itself when it was a pooled one, so the student's code would not see it.)
         */
        TRUNCATE
    }

    /**
     * One scripted reply.
     *
     * @param status     the HTTP status
     * @param body       the body (UTF-8)
     * @param latency    how long the server works before answering
     * @param retryAfter the value of a {@code Retry-After} header, or null for none
     * @param stall      how the reply behaves around its headers
     */
    record Reply(int status, String body, Duration latency, String retryAfter, Stall stall) {

        static Reply ok(String body) {
            return new Reply(200, body, Duration.ZERO, null, Stall.NONE);
        }

        static Reply status(int status) {
            return new Reply(status, "status " + status, Duration.ZERO, null, Stall.NONE);
        }

        static Reply stallBeforeHeaders() {
            return new Reply(200, "late", Duration.ZERO, null, Stall.BEFORE_HEADERS);
        }

        static Reply stallAfterHeaders() {
            return new Reply(200, "{\"partial\": \"body that never ends\"}", Duration.ZERO, null, Stall.AFTER_HEADERS);
        }

        static Reply truncated() {
            return new Reply(200, "{\"items\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}", Duration.ZERO, null, Stall.TRUNCATE);
        }

        Reply after(Duration latency) {
            return new Reply(status, body, latency, retryAfter, stall);
        }

        Reply withRetryAfter(String value) {
            return new Reply(status, body, latency, value, stall);
        }

        /** @return this reply, held before its headers until {@link #releaseStalls()} (it stays in flight) */
        Reply heldUntilRelease() {
            return new Reply(status, body, latency, retryAfter, Stall.BEFORE_HEADERS);
        }
    }

    /**
     * The counters since the last {@link #reset()}. A request updates the counters that were current
     * when it arrived, so a request of an earlier check that is still being answered cannot make a
     * later check see more requests in flight than its client sent.
     */
    private static final class Counters {
        final Map<String, List<Long>> hits = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        /** The client ports requests came from: one per TCP connection the clients opened. */
        final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, List<Reply>> routes = new ConcurrentHashMap<>();
    private volatile Counters counters = new Counters();
    private volatile CountDownLatch stalls = new CountDownLatch(1);

    private TestServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /**
     * Starts a server on an ephemeral port of 127.0.0.1.
     *
     * @return the running server
     * @throws IOException if no socket can be bound
     */
    static TestServer start() throws IOException {
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory daemons = runnable -> {
            Thread thread = new Thread(runnable, "test-server-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ExecutorService pool = Executors.newFixedThreadPool(DEFAULT_THREADS, daemons);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        http.setExecutor(pool);
        TestServer server = new TestServer(http, pool);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    /** @return {@code http://127.0.0.1:PORT/}, the base URI the clients under test get */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * Scripts a path: the n-th request gets the n-th reply, the last one repeats.
     *
     * @param path    the path without the leading slash, for example {@code items/3}
     * @param replies at least one reply
     * @return this server
     */
    TestServer route(String path, Reply... replies) {
        if (replies.length == 0) {
            throw new IllegalArgumentException("a route needs at least one reply");
        }
        routes.put("/" + path, List.copyOf(Arrays.asList(replies)));
        return this;
    }

    /** @return how many requests for {@code path} arrived */
    int hits(String path) {
        List<Long> times = counters.hits.get("/" + path);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            return times.size();
        }
    }

    /** @return the arrival times ({@link System#nanoTime()}) of the requests for {@code path} */
    List<Long> hitTimes(String path) {
        List<Long> times = counters.hits.get("/" + path);
        if (times == null) {
            return List.of();
        }
        synchronized (times) {
            return List.copyOf(times);
        }
    }

    /** @return the number of requests that arrived, over all paths */
    int requests() {
        return counters.requests.get();
    }

    /**
     * The TCP connections requests came over since the last reset, counted as distinct client
     * ports: a client that reuses its connections (one {@code HttpClient}, HTTP/1.1 keep-alive)
     * opens about as many as it has requests in flight at once; one that creates an
     * {@code HttpClient} per request opens one per request.
     *
     * @return the number of distinct connections
     */
    int connections() {
        return counters.clientPorts.size();
    }

    /** @return the number of requests in flight now */
    int inFlight() {
        return counters.inFlight.get();
    }

    /** @return the most requests ever in flight at the same time since the last reset */
    int maxInFlight() {
        return counters.maxInFlight.get();
    }

    /** Starts new counters (hits, requests in flight) and re-arms the stalls; routes stay. */
    void reset() {
        releaseStalls();
        stalls = new CountDownLatch(1);
        counters = new Counters();
    }

    /** Lets every stalled reply (and every later one) finish. */
    void releaseStalls() {
        stalls.countDown();
    }

    /**
     * Waits until at least {@code n} requests are in flight at the same time.
     *
     * @return true if that happened within the timeout
     */
    boolean awaitInFlight(int n, Duration timeout) {
        return awaitCondition(() -> inFlight() >= n, timeout);
    }

    /**
     * Waits until at least {@code n} requests for {@code path} have arrived.
     *
     * @return true if that happened within the timeout
     */
    boolean awaitHits(String path, int n, Duration timeout) {
        return awaitCondition(() -> hits(path) >= n, timeout);
    }

    /**
     * Waits until at least {@code n} requests have arrived over all paths.
     *
     * @return true if that happened within the timeout
     */
    boolean awaitRequests(int n, Duration timeout) {
        return awaitCondition(() -> requests() >= n, timeout);
    }

    /** Polls a condition of the counters every 0.5 ms until it holds or the timeout elapses. */
    private static boolean awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
        }
        return true;
    }

    /**
     * Stops the server: releases the stalls, closes every connection, and stops the handler
     * threads. Closing the connections also wakes the selector threads of the clients' HttpClients,
     * which end once their client is unreachable (see {@link WebClientHarness#close()}).
     */
    @Override
    public void close() {
        releaseStalls();
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        long now = System.nanoTime();
        Counters mine = counters;
        CountDownLatch release = stalls;
        List<Long> times = mine.hits.computeIfAbsent(path, p -> new ArrayList<>());
        int index;
        synchronized (times) {
            index = times.size();
            times.add(now);
        }
        mine.requests.incrementAndGet();
        mine.clientPorts.add(exchange.getRemoteAddress().getPort());
        mine.maxInFlight.accumulateAndGet(mine.inFlight.incrementAndGet(), Math::max);
        boolean counted = true;
        try (exchange) {
            List<Reply> script = routes.get(path);
            Reply reply = script == null ? new Reply(404, "no route " + path, Duration.ZERO, null, Stall.NONE)
                    : script.get(Math.min(index, script.size() - 1));
            if (!reply.latency().isZero()) {
                pause(reply.latency());
            }
            if (reply.stall() == Stall.BEFORE_HEADERS) {
                awaitRelease(release);
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
            }
            mine.inFlight.decrementAndGet();
            counted = false;
            if (reply.stall() == Stall.TRUNCATE) {
                exchange.sendResponseHeaders(reply.status(), body.length);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                return; // closing a fixed-length body too early closes the connection
            }
            if (reply.stall() == Stall.AFTER_HEADERS) {
                exchange.sendResponseHeaders(reply.status(), body.length * 2L);
                OutputStream out = exchange.getResponseBody();
                out.write(body);
                out.flush();
                awaitRelease(release);
                out.write(body);
                return;
            }
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (IOException e) {
            // the client went away (cancelled or timed out): nothing to answer
        } finally {
            if (counted) {
                mine.inFlight.decrementAndGet();
            }
        }
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            release.await(MAX_STALL_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Simulated work of the server (not synchronisation): the handler thread waits {@code latency}. */
    private static void pause(Duration latency) {
        long deadline = System.nanoTime() + latency.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(left);
        }
    }
}
