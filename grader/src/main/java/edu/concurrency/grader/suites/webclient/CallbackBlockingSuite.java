package edu.concurrency.grader.suites.webclient;

import static edu.concurrency.grader.suites.webclient.TestServer.Reply.ok;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.stallBeforeHeaders;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.status;
import static edu.concurrency.grader.suites.webclient.TestServer.Reply.truncated;

import edu.concurrency.webclient.AsyncWebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code webclient.arch.callbacks-never-block}: at run time, no callback of the
 * submission (nor a task on a thread of its own) blocks the thread it runs on; this is where a
 * {@code join} or {@code get} of an unfinished future is judged (see {@link BlockingCallGraph}). A workload that uses every feature (getAll,
 * totalPrice, retries after 5xx, 429 and a cut connection, a timeout, a cancellation, queueing
 * for permits) runs against a server whose every answer takes at least
 * {@value #LATENCY_MILLIS} ms, while a {@link CallbackSampler} watches all stacks.
 *
 * <p>The verdict is only about blocking: whether the workload's results are right is judged by
 * the correctness criteria, and a workload that does not finish within its deadline is not a
 * failure here (unless a blocked callback was seen, which is then the likely reason).
 */
class CallbackBlockingSuite extends ServerSuite {

    /** Latency of every answer: a blocking call that waits for one lasts at least this long. */
    static final long LATENCY_MILLIS = 60;

    @Test
    @DisplayName("no callback of the web client blocks the thread it runs on (checked at run time, by the stack)")
    void noCallbackBlocks() throws Exception {
        List<CallbackSampler.Sighting> seen;
        long samples;
        {
            Duration latency = Duration.ofMillis(LATENCY_MILLIS);
            TestServer server = h.server;
            List<String> pages = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pages.add("page/" + i);
                server.route("page/" + i, ok("page " + i).after(latency));
            }
            server.route("items", ok("[1, 2, 3, 4]").after(latency));
            for (int id = 1; id <= 4; id++) {
                server.route("items/" + id, ok("{\"price\": " + id + "}").after(latency));
            }
            server.route("flaky", status(503).after(latency), status(503).after(latency), ok("flaky").after(latency));
            server.route("busy", status(429).withRetryAfter("0").after(latency), ok("busy").after(latency));
            server.route("cut", truncated().after(latency), ok("cut").after(latency));
            server.route("slow-start", stallBeforeHeaders(), ok("slow").after(latency));
            server.route("hold", stallBeforeHeaders());
            try (CallbackSampler sampler = CallbackSampler.start(WebClientHarness.PACKAGE);
                 AsyncWebClient client = h.client(3, Duration.ofMillis(300), 2)) {
                List<CompletableFuture<?>> work = new ArrayList<>();
                work.add(h.totalPrice(client));
                work.add(h.getAll(client, pages));
                for (String path : List.of("flaky", "busy", "cut", "slow-start", "page/0")) {
                    work.add(h.get(client, path));
                }
                CompletableFuture<String> held = h.get(client, "hold");
                server.awaitHits("hold", 1, h.scaled(2000));
                held.cancel(true);
                work.add(h.totalPrice(client));
                CompletableFuture<Void> all = CompletableFuture.allOf(work.toArray(CompletableFuture[]::new));
                try {
                    all.get(h.scaled(10_000).toNanos(), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // results are judged elsewhere; a hang is reported below if a callback blocked
                }
                seen = sampler.sightings();
                samples = sampler.samples();
            }
        }
        if (!seen.isEmpty()) {
            CallbackSampler.Sighting first = seen.get(0);
            String details = seen.stream().limit(5).map(s -> s.submissionFrames().stream().findFirst().orElse("?")
                    + " called " + s.blockedIn() + " and thread " + s.thread() + " was " + s.state()
                    + " inside " + s.callback() + "; the chain of your code: "
                    + String.join(" <- ", s.submissionFrames().stream().limit(6).toList()))
                    .collect(Collectors.joining(System.lineSeparator()));
            throw new AssertionError("Blocking an event loop: a callback or task of yours blocked the thread it ran on ("
                    + first.blockedIn() + "); callbacks run on the few threads that complete every request, so a"
                    + " blocked callback stalls the others (and a thread per waiting task does not scale). Observed: a"
                    + " thread WAITING in your code for at least one sampling interval; expected: none. Return a future"
                    + " instead and compose it (thenCompose, allOf, exceptionallyCompose), and wait with timers"
                    + " (delayedExecutor), never with sleep, HttpClient.send, or join/get of a future that is not done"
                    + " yet (join after allOf is fine)." + System.lineSeparator() + details, first.asThrowable());
        }
        if (samples < 10) {
            throw new AssertionError("grader problem: the stacks were sampled only " + samples + " times");
        }
    }
}
