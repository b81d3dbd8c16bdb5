package edu.concurrency.grader.suites.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records every descendant process of this JVM while a check runs, with its command line, by
 * scanning the process table every {@value #PERIOD_MILLIS} ms on a daemon thread (a scan takes
 * about 1 ms with 100 processes).
 *
 * <p>It lets the grader say what a submission started (a worker that died at start-up, how many
 * processes one call of {@code map} started) and find what is still running afterwards, including
 * grandchildren that became orphans when their parent died, which
 * {@link ProcessHandle#descendants()} no longer lists.
 */
final class ProcessWatch implements AutoCloseable {
    /** Scan period: short enough to see a JVM that dies at start-up (it lives 100 ms or more). */
    static final long PERIOD_MILLIS = 20;

    /**
     * A process seen by the watch.
     *
     * @param pid         its id
     * @param parent      its parent's id when first seen
     * @param commandLine its program and arguments, as first seen
     * @param seenNanos   {@link System#nanoTime()} when first seen
     * @param started     its start time, to tell it from a later process that reuses the pid
     */
    record Seen(long pid, long parent, List<String> commandLine, long seenNanos, Optional<Instant> started) {
        String describe() {
            return Procs.describe(pid, commandLine);
        }

        /**
         * The process itself, if it still exists: not a later process with the same pid (same start
         * time), and one of this grading run's processes ({@link Procs#ours}).
         */
        Optional<ProcessHandle> handle() {
            return ProcessHandle.of(pid).filter(h -> h.info().startInstant().equals(started)).filter(Procs::ours);
        }

        /** Whether this very process is still running. */
        boolean running() {
            return handle().isPresent() && Procs.running(pid);
        }
    }

    private final Map<Long, Seen> seen = new LinkedHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    ProcessWatch() {
        scan();
        thread = new Thread(this::run, "grader-process-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!stop.await(PERIOD_MILLIS, TimeUnit.MILLISECONDS)) {
                scan();
            }
        } catch (InterruptedException e) {
            // stop
        }
    }

    /**
     * Scans now (also called by readers, so that what they see is current). The command line of a
     * process is read again on every scan while it runs: a child caught between fork and exec
     * still shows its parent's command line (here the grading JVM's), then the JDK's
     * {@code jspawnhelper}, and only then the program it starts.
     */
    void scan() {
        List<ProcessHandle> now = ProcessHandle.current().descendants().toList();
        synchronized (this) {
            for (ProcessHandle h : now) {
                Seen known = seen.get(h.pid());
                if (known != null && !known.started().equals(h.info().startInstant())) {
                    continue; // a pid reused by a later process: keep the first one's record
                }
                Optional<Instant> started = h.info().startInstant();
                long parent = h.parent().map(ProcessHandle::pid).orElse(-1L);
                List<String> args = Procs.arguments(h.pid());
                if (!h.isAlive() || args.isEmpty()) {
                    continue; // gone meanwhile (isAlive compares start times, so the pid was not reused)
                }
                if (known == null) {
                    seen.put(h.pid(), new Seen(h.pid(), parent, args, System.nanoTime(), started));
                } else if (!known.commandLine().equals(args)) {
                    seen.put(h.pid(), new Seen(h.pid(), known.parent(), args, known.seenNanos(), known.started()));
                }
            }
        }
    }

    /** Every process seen so far, in the order first seen. */
    synchronized List<Seen> all() {
        return new ArrayList<>(seen.values());
    }

    /** The processes first seen after {@code nanos} ({@link System#nanoTime()}). */
    List<Seen> since(long nanos) {
        scan();
        return all().stream().filter(s -> s.seenNanos() - nanos > 0).toList();
    }

    /** The processes seen that are still running now. */
    List<Seen> running() {
        scan();
        return all().stream().filter(Seen::running).toList();
    }

    /** The processes seen that are no longer running. */
    List<Seen> gone() {
        scan();
        return all().stream().filter(s -> !s.running()).toList();
    }

    /**
     * Kills every process seen that is still running, and waits for them to be gone.
     *
     * @return descriptions of the processes that were still running
     */
    List<String> killLeftovers(Duration timeout) {
        List<Seen> left = running();
        List<ProcessHandle> handles = new ArrayList<>();
        for (Seen s : left) {
            s.handle().ifPresent(handles::add);
        }
        Procs.killAndWait(handles, timeout);
        return left.stream().map(Seen::describe).toList();
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
