/**
 * Exercise 3: asynchronous I/O. Many HTTP requests in flight on few threads, with a concurrency
 * limit, timeouts, retries and gathering, and never a blocked thread.
 *
 * <h2>What you write</h2>
 * <ul>
 *   <li>{@link edu.concurrency.webclient.AsyncLimiter}: a non-blocking semaphore whose
 *       {@code acquire()} returns a {@link java.util.concurrent.CompletableFuture} (like
 *       {@code asyncio.Semaphore}).</li>
 *   <li>{@link edu.concurrency.webclient.AsyncWebClient}: GET one path, several paths
 *       ({@code getAll}, like {@code asyncio.gather}) and a small JSON workflow
 *       ({@code totalPrice}), on {@link java.net.http.HttpClient#sendAsync}, within the limit,
 *       with per-attempt timeouts, retries with exponential backoff, cancellation and
 *       {@code close()}.</li>
 * </ul>
 * {@link edu.concurrency.webclient.HttpStatusException} is provided; do not change it. You may
 * add private members and package-private classes to this package; the public API must stay
 * exactly as given (the grader uses nothing else).
 *
 * <h2>How it is graded</h2>
 * <ul>
 *   <li><b>Correctness</b>: against a real HTTP server on 127.0.0.1 with scripted statuses,
 *       latencies, {@code Retry-After}, and responses that stall before or after their headers;
 *       the server counts hits and requests in flight.</li>
 *   <li><b>Races</b>: jcstress probes run two threads against one {@code AsyncLimiter}
 *       millions of times (two acquires of one permit, a release racing an acquire).</li>
 *   <li><b>Architecture</b>: no method of this package reaches a call that always waits
 *       (sleep, wait, {@code HttpClient.send}, latches, barriers, conditions, semaphores,
 *       blocking queues, stream reads, {@code Process.waitFor}), directly, in a lambda or
 *       through your own helpers; at run time no callback or task of yours blocks the thread it
 *       runs on (this is where a {@code join} or {@code get} of an unfinished future is caught;
 *       one that reads a finished future, e.g. after {@code allOf}, is fine); and no future is
 *       completed while a {@code synchronized} monitor or a lock is held (both are fine for a
 *       short critical section).</li>
 *   <li><b>Performance</b>: 40 requests of 200 ms with a limit of 8 take about 1 s, not 8 s,
 *       over reused connections (one {@code HttpClient}); every public method returns within
 *       50 ms even when the server is slow.</li>
 * </ul>
 *
 * <p>Grade your work with {@code mvn verify} in the repository root (see the README); the
 * report says, for each failed criterion, what went wrong and where.
 */
package edu.concurrency.webclient;
