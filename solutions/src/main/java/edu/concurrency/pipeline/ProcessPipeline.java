package edu.concurrency.pipeline;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reference solution: runs a {@link Stage} in worker JVMs over pipes.
 *
 * <p>Design. Every worker has two daemon threads of its own: one reads its stdout and turns each
 * line into an event on one shared queue, one drains its stderr (keeping the last few KiB for
 * error messages), so a worker can never block on a full pipe. The thread that calls
 * {@link #map} is the only one that writes requests and that touches the bookkeeping: it keeps
 * up to {@value #WINDOW} requests in flight per worker (so a worker never waits for its next
 * request, and requests never fill a stdin pipe), then takes the next event from the queue:
 * a response (the head of that worker's in-flight queue, since a worker answers in order), or
 * the end of a worker's stdout (it died). A dead worker is replaced at once; the request it was
 * running (the head of its queue) counts one death, and its requests go back to the front of the
 * pending queue. Request ids are unique for the life of the pipeline, so nothing can be mixed up
 * across calls.
 *
 * <p>Thread-safety: calls of {@code map} are serialised by a lock; {@link #workerPids()} and
 * {@link #close()} may be called from any thread.
 */
public final class ProcessPipeline implements AutoCloseable {
    /** Requests in flight per worker: enough to hide a round trip, small enough to balance load. */
    private static final int WINDOW = 4;
    /** How long close() lets the workers exit on their own after closing their stdin, in ms. */
    private static final long CLOSE_GRACE_MILLIS = 2000;
    /** How long to wait for killed processes to be gone, and for a dead worker's last words, in ms. */
    private static final long KILL_WAIT_MILLIS = 2000;
    /** How much of a worker's stderr is kept for error messages. */
    private static final int STDERR_TAIL = 2048;

    private final List<String> command;
    private final ReentrantLock mapLock = new ReentrantLock();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** The current workers, by slot. Guarded by {@code this}. */
    private final Worker[] slots;
    /** Guarded by {@code this}. */
    private boolean closed;
    /** The next request id. Guarded by {@code mapLock}. */
    private long nextId;

    /**
     * Starts the workers.
     *
     * @param stage   the stage class: public, with a public no-argument constructor
     * @param workers how many worker JVMs to start, at least 1
     * @throws IllegalArgumentException if {@code workers < 1} or the stage class cannot be
     *                                  instantiated by a worker
     * @throws IOException              if a worker process cannot be started
     */
    public ProcessPipeline(Class<? extends Stage> stage, int workers) throws IOException {
        Objects.requireNonNull(stage, "stage");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, but was " + workers);
        }
        checkInstantiable(stage);
        command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName(), stage.getName());
        slots = new Worker[workers];
        try {
            for (int i = 0; i < workers; i++) {
                slots[i] = new Worker(i);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Runs the stage on every input, in the workers.
     *
     * @param inputs the inputs (any text; not null)
     * @return the outputs, in input order
     * @throws PipelineException     if the stage threw for an input, or two workers died while
     *                               running it; thrown after all other inputs finished
     * @throws InterruptedException  if the calling thread is interrupted while waiting
     * @throws IllegalStateException if the pipeline is closed
     */
    public List<String> map(List<String> inputs) throws PipelineException, InterruptedException {
        List<String> copy = List.copyOf(inputs); // rejects null inputs before anything is sent
        mapLock.lockInterruptibly();
        try {
            ensureOpen();
            Call call = new Call(copy);
            while (call.remaining > 0) {
                dispatch(call);
                handle(events.take(), call);
                ensureOpen();
            }
            return call.result();
        } finally {
            mapLock.unlock();
        }
    }

    /**
     * The process ids of the current workers.
     *
     * @return one pid per worker, in slot order
     */
    public synchronized List<Long> workerPids() {
        return Arrays.stream(slots).filter(Objects::nonNull).map(w -> w.process.pid()).toList();
    }

    /**
     * Ends every worker: closes their stdin, waits up to 2 s, then destroys those still running,
     * together with every process they started. Calling it again does nothing.
     */
    @Override
    public void close() {
        List<Worker> workers;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            workers = Arrays.stream(slots).filter(Objects::nonNull).toList();
        }
        events.add(new Closed());
        // Processes the workers started become orphans once their worker exits: note them first.
        Set<ProcessHandle> started = new LinkedHashSet<>();
        workers.forEach(w -> w.process.descendants().forEach(started::add));
        // A map running in another thread may be writing to a stdin: closing it could then block.
        boolean idle = mapLock.tryLock();
        try {
            if (idle) {
                workers.forEach(Worker::closeStdin);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(idle ? CLOSE_GRACE_MILLIS : 0);
            for (Worker w : workers) {
                waitFor(w.process, deadline);
            }
            // SIGKILL (SIGTERM would run shutdown hooks, which may never end): first what the workers
            // started, while the workers still reap their children, then the workers themselves
            workers.forEach(w -> w.process.descendants().forEach(started::add));
            started.forEach(ProcessHandle::destroyForcibly);
            workers.forEach(w -> w.process.destroyForcibly());
            long killed = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_WAIT_MILLIS);
            for (Worker w : workers) {
                waitFor(w.process, killed);
                w.joinThreads(killed);
            }
        } finally {
            if (idle) {
                mapLock.unlock();
            }
        }
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the pipeline is closed");
        }
    }

    /** Sends pending requests to the least loaded workers, up to {@value #WINDOW} each. */
    private void dispatch(Call call) {
        List<Worker> touched = new ArrayList<>();
        while (!call.pending.isEmpty()) {
            Worker target = null;
            synchronized (this) {
                for (Worker w : slots) {
                    if (w != null && !w.broken && w.inFlight.size() < WINDOW
                            && (target == null || w.inFlight.size() < target.inFlight.size())) {
                        target = w;
                    }
                }
            }
            if (target == null) {
                break;
            }
            Task task = call.pending.removeFirst();
            task.id = nextId++;
            target.inFlight.addLast(task);
            if (!touched.contains(target)) {
                touched.add(target);
            }
            target.send(task);
        }
        touched.forEach(Worker::flush);
    }

    private void handle(Event event, Call call) {
        if (event instanceof Response r) {
            Task task = r.worker.inFlight.peekFirst();
            if (task == null || task.id != r.id) {
                r.worker.fail("answered request " + r.id + " while " + (task == null ? "none" : "request " + task.id)
                        + " was expected");
                return;
            }
            r.worker.inFlight.removeFirst();
            r.worker.answered = true;
            if (task.call == call) {
                call.complete(task, r.ok, r.payload);
            }
        } else if (event instanceof Garbage g) {
            g.worker.fail("wrote a line that is not a response: " + abbreviate(g.line));
        } else if (event instanceof Exited e) {
            replace(e.worker, call);
        }
    }

    /** Replaces a worker whose stdout ended, and puts its unfinished requests back. */
    private void replace(Worker dead, Call call) {
        synchronized (this) {
            if (slots[dead.slot] != dead || closed) {
                return;
            }
        }
        String why = dead.obituary();
        Task running = dead.inFlight.peekFirst();
        List<Task> unfinished = new ArrayList<>(dead.inFlight);
        dead.inFlight.clear();
        for (int i = unfinished.size() - 1; i >= 0; i--) {
            Task task = unfinished.get(i);
            if (task.call != call) {
                continue; // left over from an interrupted call
            }
            if (task == running) {
                task.deaths.add(why);
                if (task.deaths.size() >= 2) {
                    call.fail(task, "two workers died while running input " + task.index + ": "
                            + String.join("; ", task.deaths));
                    continue;
                }
            }
            call.pending.addFirst(task);
        }
        Worker fresh;
        try {
            fresh = new Worker(dead.slot);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a worker to replace one that died (" + why + "): " + e, e);
        }
        synchronized (this) {
            slots[dead.slot] = fresh;
        }
    }

    private static void checkInstantiable(Class<? extends Stage> stage) {
        try {
            if (!Modifier.isPublic(stage.getModifiers()) || Modifier.isAbstract(stage.getModifiers())
                    || !Modifier.isPublic(stage.getConstructor().getModifiers())) {
                throw new IllegalArgumentException(stage.getName() + " is not a public concrete class");
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(stage.getName() + " has no public no-argument constructor", e);
        }
    }

    /** Waits for a child process to exit, until the deadline at most. */
    private static void waitFor(Process process, long deadlineNanos) {
        try {
            process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    /** One call of map: its tasks, results and failures. Used by the calling thread only. */
    private static final class Call {
        final String[] outputs;
        final String[] errors;
        final Deque<Task> pending = new ArrayDeque<>();
        int remaining;

        Call(List<String> inputs) {
            outputs = new String[inputs.size()];
            errors = new String[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
                pending.addLast(new Task(this, i, inputs.get(i)));
            }
            remaining = inputs.size();
        }

        void complete(Task task, boolean ok, String payload) {
            if (ok) {
                outputs[task.index] = payload;
            } else {
                errors[task.index] = payload;
            }
            remaining--;
        }

        void fail(Task task, String message) {
            errors[task.index] = message;
            remaining--;
        }

        List<String> result() throws PipelineException {
            PipelineException first = null;
            for (int i = 0; i < errors.length; i++) {
                if (errors[i] == null) {
                    continue;
                }
                PipelineException e = new PipelineException(i, "input " + i + " failed: " + errors[i], null);
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
            if (first != null) {
                throw first;
            }
            return List.of(outputs);
        }
    }

    /** One input of one call; sent again (with a new id) if its worker dies. */
    private static final class Task {
        final Call call;
        final int index;
        final String input;
        final List<String> deaths = new ArrayList<>(2);
        long id;

        Task(Call call, int index, String input) {
            this.call = call;
            this.index = index;
            this.input = input;
        }
    }

    private sealed interface Event permits Response, Garbage, Exited, Closed {
    }

    private record Response(Worker worker, long id, boolean ok, String payload) implements Event {
    }

    private record Garbage(Worker worker, String line) implements Event {
    }

    private record Exited(Worker worker) implements Event {
    }

    private record Closed() implements Event {
    }

    /** One worker process with its pipes and the two threads that read them. */
    private final class Worker {
        final int slot;
        final Process process;
        final Writer stdin;
        final Thread reader;
        final Thread drainer;
        /** Requests sent and not answered, oldest first. Used by the map thread only. */
        final Deque<Task> inFlight = new ArrayDeque<>();
        /** The last bytes of stderr, as a ring. Guarded by itself. */
        private final byte[] tail = new byte[STDERR_TAIL];
        private long tailCount;
        /** Why this worker was given up, if it was. Used by the map thread only. */
        String problem;
        boolean broken;
        boolean answered;

        Worker(int slot) throws IOException {
            this.slot = slot;
            this.process = new ProcessBuilder(command).start();
            this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
            this.reader = new Thread(this::readResponses, "pipeline-worker-" + process.pid() + "-stdout");
            this.drainer = new Thread(this::drainStderr, "pipeline-worker-" + process.pid() + "-stderr");
            reader.setDaemon(true);
            drainer.setDaemon(true);
            reader.start();
            drainer.start();
        }

        void send(Task task) {
            if (broken) {
                return;
            }
            try {
                StringBuilder line = new StringBuilder(task.input.length() + 24).append(task.id).append('\t');
                stdin.append(Wire.escape(task.input, line)).append('\n');
            } catch (IOException e) {
                fail("stopped reading its stdin (" + e.getMessage() + ")");
            }
        }

        void flush() {
            if (broken) {
                return;
            }
            try {
                stdin.flush();
            } catch (IOException e) {
                fail("stopped reading its stdin (" + e.getMessage() + ")");
            }
        }

        /** Gives up on this worker: it is killed, and replaced once its stdout ends. */
        void fail(String why) {
            if (problem == null) {
                problem = why;
            }
            broken = true;
            process.destroyForcibly();
        }

        void closeStdin() {
            try {
                stdin.close();
            } catch (IOException alreadyGone) {
                // the worker is dead: nothing to close
            }
        }

        /** Why this worker is gone, for error messages: exit status and last stderr line. */
        String obituary() {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_WAIT_MILLIS);
            waitFor(process, deadline);
            if (process.isAlive()) {
                process.destroyForcibly(); // it closed its stdout but did not exit
                waitFor(process, deadline);
            }
            try {
                drainer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            StringBuilder text = new StringBuilder("worker ").append(process.pid());
            text.append(process.isAlive() ? " stopped answering" : " exited with status " + process.exitValue());
            if (problem != null) {
                text.append(" after it ").append(problem);
            }
            String err = stderrTail().strip();
            if (!err.isEmpty()) {
                String[] lines = err.split("\\R");
                text.append(", stderr: ").append(abbreviate(lines[lines.length - 1]));
                if (!answered && lines.length > 1) {
                    text.append(" (first line: ").append(abbreviate(lines[0])).append(')');
                }
            }
            return text.toString();
        }

        void joinThreads(long deadlineNanos) {
            try {
                for (Thread t : List.of(reader, drainer)) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left > 0) {
                        TimeUnit.NANOSECONDS.timedJoin(t, left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void readResponses() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8), 1 << 16)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    events.add(parse(line));
                }
            } catch (IOException closed) {
                // the process is gone
            } finally {
                events.add(new Exited(this));
            }
        }

        private Event parse(String line) {
            int first = line.indexOf('\t');
            int second = first < 0 ? -1 : line.indexOf('\t', first + 1);
            if (second < 0) {
                return new Garbage(this, line);
            }
            String status = line.substring(first + 1, second);
            if (!status.equals(Wire.OK) && !status.equals(Wire.ERR)) {
                return new Garbage(this, line);
            }
            try {
                long id = Long.parseLong(line.substring(0, first));
                return new Response(this, id, status.equals(Wire.OK), Wire.unescape(line.substring(second + 1)));
            } catch (IllegalArgumentException e) {
                return new Garbage(this, line);
            }
        }

        private void drainStderr() {
            byte[] buffer = new byte[8192];
            try (InputStream err = process.getErrorStream()) {
                for (int n = err.read(buffer); n >= 0; n = err.read(buffer)) {
                    synchronized (tail) {
                        for (int i = 0; i < n; i++) {
                            tail[(int) (tailCount++ % STDERR_TAIL)] = buffer[i];
                        }
                    }
                }
            } catch (IOException closed) {
                // the process is gone
            }
        }

        private String stderrTail() {
            synchronized (tail) {
                int size = (int) Math.min(tailCount, STDERR_TAIL);
                byte[] last = new byte[size];
                for (int i = 0; i < size; i++) {
                    last[i] = tail[(int) ((tailCount - size + i) % STDERR_TAIL)];
                }
                return new String(last, StandardCharsets.UTF_8);
            }
        }
    }
}
