package edu.concurrency.grader.suites.pipeline;

import edu.concurrency.grader.suites.pipeline.stages.RendezvousStage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The grader's side of {@link RendezvousStage}: a loopback server that stage calls in worker
 * processes report to, and that decides when they may return. It works as
 * <ul>
 *   <li>a barrier across processes ({@link #barrier}): calls are held until {@code parties} of
 *       them wait at the same time, then all of them are released with {@code go}; a call that
 *       waited longer than the patience is released with {@code alone};</li>
 *   <li>a gate ({@link #gate}): calls whose token matches are held until {@link #open()}, others
 *       pass with {@code go} at once; the grader learns which process runs a held call (to kill
 *       it at that moment).</li>
 * </ul>
 * One daemon thread accepts connections and answers them; replies are a few bytes, so writing
 * them never blocks.
 */
final class Rendezvous implements AutoCloseable {
    /** How often the server thread checks for calls that waited too long, in ms. */
    private static final int TICK_MILLIS = 50;

    /**
     * A stage call that reported.
     *
     * @param token the token of its input
     * @param pid   the process it runs in
     */
    record Arrival(String token, long pid) {
    }

    private record Waiting(Socket socket, Arrival arrival, long sinceNanos) {
    }

    private final ServerSocket server;
    private final int parties;
    private final Predicate<String> held;
    private final long patienceNanos;
    private final Thread thread;
    /** Guarded by {@code this}. */
    private final List<Waiting> waiting = new ArrayList<>();
    /** Guarded by {@code this}. */
    private final List<Arrival> arrivals = new ArrayList<>();
    /** Guarded by {@code this}. */
    private boolean open;
    /** Guarded by {@code this}. */
    private int maxTogether;
    /** Guarded by {@code this}. */
    private int releasedAlone;
    private volatile boolean closed;

    private Rendezvous(int parties, Predicate<String> held, Duration patience) throws IOException {
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        this.server.setSoTimeout(TICK_MILLIS);
        this.parties = parties;
        this.held = held;
        this.patienceNanos = patience.toNanos();
        this.thread = new Thread(this::serve, "grader-rendezvous");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A barrier for {@code parties} stage calls; a call waits at most {@code patience}. */
    static Rendezvous barrier(int parties, Duration patience) throws IOException {
        return new Rendezvous(parties, token -> true, patience);
    }

    /** A gate that holds the calls whose token is {@code token} until {@link #open()}. */
    static Rendezvous gate(String token, Duration patience) throws IOException {
        return new Rendezvous(Integer.MAX_VALUE, token::equals, patience);
    }

    /** The input of a stage call that reports {@code token} here. */
    String input(String token) {
        return RendezvousStage.input(server.getLocalPort(), token);
    }

    /** The most calls that were waiting at the same time. */
    synchronized int maxTogether() {
        return maxTogether;
    }

    /** How many calls were released with {@code alone} because they waited too long. */
    synchronized int releasedAlone() {
        return releasedAlone;
    }

    /** Every call that reported so far. */
    synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /**
     * Waits until a call with {@code token} has reported.
     *
     * @return its arrival, or null on timeout
     */
    synchronized Arrival awaitArrival(String token, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Arrival a : arrivals) {
                if (a.token().equals(token)) {
                    return a;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Releases every held call with {@code go}, and lets every later call pass at once. */
    synchronized void open() {
        open = true;
        releaseAll("go");
    }

    private void serve() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketTimeoutException tick) {
                expire();
                continue;
            } catch (IOException e) {
                continue; // closed, or a failed accept: the loop condition decides
            }
            try {
                socket.setSoTimeout(5000);
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                arrive(socket, line);
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
            }
            expire();
        }
    }

    /** Registers a call, and answers it now or keeps it waiting (its socket open). */
    private synchronized void arrive(Socket socket, String line) {
        if (line == null) {
            closeQuietly(socket);
            return;
        }
        int space = line.lastIndexOf(' ');
        Arrival arrival = new Arrival(line.substring(0, Math.max(space, 0)), Long.parseLong(line.substring(space + 1)));
        arrivals.add(arrival);
        notifyAll();
        if (open || !held.test(arrival.token())) {
            reply(socket, "go");
            return;
        }
        waiting.add(new Waiting(socket, arrival, System.nanoTime()));
        maxTogether = Math.max(maxTogether, waiting.size());
        if (waiting.size() >= parties) {
            releaseAll("go");
        }
    }

    private synchronized void expire() {
        long now = System.nanoTime();
        List<Waiting> late = waiting.stream().filter(w -> now - w.sinceNanos() > patienceNanos).toList();
        for (Waiting w : late) {
            waiting.remove(w);
            releasedAlone++;
            reply(w.socket(), "alone");
        }
    }

    private void releaseAll(String word) {
        for (Waiting w : waiting) {
            reply(w.socket(), word);
        }
        waiting.clear();
    }

    private static void reply(Socket socket, String word) {
        try {
            socket.getOutputStream().write((word + "\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        } catch (IOException gone) {
            // the stage's process died meanwhile
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Releases every waiting call with {@code closed} and stops the server. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            releaseAll("closed");
        }
        try {
            server.close();
            thread.join(2000);
        } catch (IOException ignored) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
