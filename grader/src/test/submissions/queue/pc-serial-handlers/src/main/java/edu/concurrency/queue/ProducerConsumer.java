package edu.concurrency.queue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Test submission pc-serial-handlers (see expected.yaml): the reference {@code ProducerConsumer}
 * with one realistic mistake, marked {@code // BUG}: "in case the handler is not thread-safe",
 * consumers call it while holding one shared lock, so only one element is handled at a time
 * however many consumers there are.
 */
public final class ProducerConsumer {

    /** A task of a worker thread; the worker reports whatever it throws. */
    private interface Work {
        void run() throws Exception;
    }

    private final BoundedBuffer<Object> buffer;
    private final int consumers;
    /** Marks the end of the stream for one consumer; never handed to the handler. */
    private final Object poisonPill = new Object();
    /** Held while calling the handler, in case it is not thread-safe. */
    private final Object handlerLock = new Object();
    /** Every thread started; used by the calling thread only. */
    private final List<Thread> threads = new ArrayList<>();

    /** Producers that have not finished their source yet. Guarded by {@code this}. */
    private int producersLeft;
    /** Started threads that have not finished yet. Guarded by {@code this}. */
    private int running;
    /** Elements handled by the consumers that finished normally. Guarded by {@code this}. */
    private long handled;
    /** The first failure of a worker, or null. Guarded by {@code this}. */
    private Throwable failure;
    /** Set (before any interrupt) when the caller stops the run; workers then end quietly. */
    private volatile boolean stopping;

    private ProducerConsumer(BoundedBuffer<Object> buffer, int producers, int consumers) {
        this.buffer = buffer;
        this.producersLeft = producers;
        this.consumers = consumers;
    }

    /**
     * Hands every element of every source to {@code handler}, exactly once, on {@code consumers}
     * consumer threads fed by one producer thread per source through one bounded buffer.
     *
     * @param sources the sources; each is iterated once, lazily, by its own producer thread
     * @param consumers the number of consumer threads, at least 1
     * @param capacity the capacity of the buffer, at least 1
     * @param handler called once per element, on a consumer thread, possibly concurrently
     * @param <T> the type of the elements
     * @return the number of handled elements
     * @throws IllegalArgumentException if {@code consumers < 1} or {@code capacity < 1}
     * @throws NullPointerException if {@code sources}, one of its sources, or {@code handler} is
     *     null
     * @throws ExecutionException if a source or the handler threw, or a source returned a null
     *     element (cause: a NullPointerException); the cause is the first such failure. Every
     *     thread was stopped and has terminated.
     * @throws InterruptedException if the calling thread was interrupted; every thread was stopped
     *     and has terminated
     */
    public static <T> long run(List<? extends Iterable<? extends T>> sources, int consumers,
                               int capacity, Consumer<? super T> handler)
            throws InterruptedException, ExecutionException {
        if (consumers < 1) {
            throw new IllegalArgumentException("consumers must be at least 1, but was " + consumers);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
        }
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(handler, "handler");
        List<Iterable<? extends T>> copy = new ArrayList<>(sources);
        for (int i = 0; i < copy.size(); i++) {
            Objects.requireNonNull(copy.get(i), "sources.get(" + i + ")");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before run started any thread");
        }
        if (copy.isEmpty()) {
            return 0; // nothing to hand over: no thread to start
        }
        ProducerConsumer run = new ProducerConsumer(new BoundedBuffer<>(capacity), copy.size(), consumers);
        return run.execute(copy, handler);
    }

    /** Starts all threads, waits for them, and stops them on a failure or an interrupt. */
    private <T> long execute(List<Iterable<? extends T>> sources, Consumer<? super T> handler)
            throws InterruptedException, ExecutionException {
        boolean callerInterrupted = false;
        try {
            for (int i = 0; i < sources.size(); i++) {
                Iterable<? extends T> source = sources.get(i);
                start("producer-" + i, () -> produce(source));
            }
            for (int i = 0; i < consumers; i++) {
                start("consumer-" + i, () -> consume(handler));
            }
            awaitAllFinishedOrFailure();
        } catch (InterruptedException e) {
            callerInterrupted = true;
        } catch (RuntimeException | Error e) {
            // Could not start a thread (e.g. OutOfMemoryError): never leave the others behind.
            stopAll();
            if (joinAll()) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }

        Throwable cause;
        synchronized (this) {
            cause = failure;
        }
        if (callerInterrupted || cause != null) {
            stopAll();
        }
        boolean interruptedWhileJoining = joinAll();
        if (callerInterrupted) {
            throw new InterruptedException(
                    "run was interrupted; all producer and consumer threads were stopped");
        }
        if (interruptedWhileJoining) {
            Thread.currentThread().interrupt(); // keep the caller's interrupt for its own code
        }
        if (cause != null) {
            throw new ExecutionException("a source or the handler failed; all threads were stopped",
                    cause);
        }
        synchronized (this) {
            return handled;
        }
    }

    /** Producer: puts every element of its source; the last producer then puts the pills. */
    private <T> void produce(Iterable<? extends T> source) throws InterruptedException {
        Iterator<? extends T> elements = source.iterator();
        while (!stopping && elements.hasNext()) {
            T element = elements.next(); // pulled only now: at most one element not yet put
            if (element == null) {
                throw new NullPointerException(
                        "a source returned a null element (" + Thread.currentThread().getName() + ")");
            }
            buffer.put(element);
        }
        if (!stopping && lastProducerFinished()) {
            for (int i = 0; i < consumers; i++) {
                buffer.put(poisonPill); // one per consumer: each consumer takes exactly one
            }
        }
    }

    /** Consumer: hands elements to the handler until it takes a poison pill. */
    private <T> void consume(Consumer<? super T> handler) throws InterruptedException {
        long count = 0;
        while (!stopping) {
            Object next = buffer.take();
            if (next == poisonPill) {
                addHandled(count);
                return;
            }
            @SuppressWarnings("unchecked") // only producers of T put anything but the pill
            T element = (T) next;
            // BUG: handlers serialised: one consumer at a time, however many there are
            synchronized (handlerLock) {
                handler.accept(element);
            }
            count++;
        }
    }

    private void start(String name, Work work) {
        Thread thread = new Thread(() -> runWorker(work), name);
        synchronized (this) {
            running++;
        }
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                running--;
            }
            throw e;
        }
        threads.add(thread);
    }

    /** Body of every worker thread: reports a failure, and always reports that it finished. */
    private void runWorker(Work work) {
        try {
            work.run();
        } catch (Throwable t) {
            // Includes the InterruptedException with which a stopped worker leaves put or take;
            // failed() ignores everything that happens once the run is stopping.
            failed(t);
        } finally {
            finished();
        }
    }

    private synchronized void failed(Throwable t) {
        if (failure == null && !stopping) {
            failure = t;
            notifyAll();
        }
    }

    private synchronized void finished() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    private synchronized boolean lastProducerFinished() {
        producersLeft--;
        return producersLeft == 0;
    }

    private synchronized void addHandled(long count) {
        handled += count;
    }

    private synchronized void awaitAllFinishedOrFailure() throws InterruptedException {
        while (running > 0 && failure == null) {
            wait();
        }
    }

    /** Makes every started thread leave: first the flag, then the interrupt. */
    private void stopAll() {
        synchronized (this) {
            stopping = true;
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }

    /**
     * Waits until every started thread has terminated, even if the caller is interrupted
     * meanwhile.
     *
     * @return whether the caller was interrupted while joining
     */
    private boolean joinAll() {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }
}
