package edu.concurrency.queue;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Producers and consumers connected by your {@link BoundedBuffer}: the classic way to let
 * threads cooperate without sharing anything but a message queue.
 *
 * <p>{@link #run} starts one <em>producer</em> thread per source, which reads its source and puts
 * the elements into one shared {@code BoundedBuffer}, and {@code consumers} <em>consumer</em>
 * threads, which take elements out and hand each one to the handler. The bounded buffer is what
 * keeps fast producers from running away from slow consumers: when it is full, producers wait.
 *
 * <h2>The contract (every rule is graded)</h2>
 * <ul>
 *   <li><b>Threads.</b> {@code run} starts exactly one producer thread per source and exactly
 *       {@code consumers} consumer threads (plain {@link Thread}s), and hands every element over
 *       through one {@code BoundedBuffer} of the given {@code capacity}. No JDK queue
 *       ({@code java.util.Queue}, {@code Deque}, {@code BlockingQueue} or any implementation of
 *       them) may take its place. Please name the threads, for example {@code producer-0} and
 *       {@code consumer-2}: the grader's feedback and thread dumps show thread names.</li>
 *   <li><b>Exactly once.</b> Every element of every source is passed to {@code handler} exactly
 *       once (nothing lost, nothing twice), on a consumer thread (never on the caller's thread or
 *       a producer thread). The handlers of different consumers run at the same time: with
 *       {@code k} consumers, up to {@code k} elements are handled in parallel.</li>
 *   <li><b>Lazy.</b> Sources may be huge or slow, so a producer pulls the next element from its
 *       iterator only when it is about to put it: it never holds more than one element that it
 *       has not put yet. (The grader checks: at any moment, elements pulled from the sources
 *       minus elements whose handler has returned is at most
 *       {@code sources.size() + capacity + consumers}.)</li>
 *   <li><b>Clean end.</b> {@code run} returns the number of handled elements once every element
 *       has been handled <em>and</em> every thread it started has terminated. No thread may be
 *       left behind, not even one blocked forever in {@code take} (a "thread leak").</li>
 *   <li><b>Failures.</b> If the handler or a source throws (an exception or an error, from
 *       {@code iterator()}, {@code hasNext()} or {@code next()}), or a source returns a
 *       {@code null} element, that is a failure. {@code run} then stops every thread it started,
 *       including producers blocked in {@code put} on a full buffer and consumers blocked in
 *       {@code take} on an empty one, waits until all of them have terminated, and throws
 *       {@link ExecutionException} whose cause is the <em>first</em> failure (for a null element,
 *       a {@link NullPointerException} of yours). A thread leaving because it was stopped is not
 *       a failure.</li>
 *   <li><b>Interrupts.</b> If the calling thread is interrupted while {@code run} waits (or
 *       already when it calls {@code run}), {@code run} stops every thread in the same way, waits
 *       until all of them have terminated, and throws {@link InterruptedException}.</li>
 *   <li><b>Arguments.</b> {@code consumers < 1} or {@code capacity < 1} throws
 *       {@link IllegalArgumentException} before any thread is started. No sources at all (or only
 *       empty ones) is fine: the result is 0.</li>
 * </ul>
 *
 * <h2>Techniques and hazards</h2>
 * <ul>
 *   <li><b>The poison pill.</b> How does a consumer blocked in {@code take} learn that no more
 *       elements will come? Put a special marker object into the buffer after the last real
 *       element, a "poison pill": a consumer that takes it stops. Only put pills once
 *       <em>all</em> producers are done, and think about how many pills you need: a consumer
 *       that takes a pill stops, so it cannot pass the pill on to the others. Too few pills, and
 *       some consumers wait in {@code take} forever.</li>
 *   <li><b>Do not stop consumers too early.</b> "All producers are done" does not mean "all
 *       elements are handled": elements may still be in the buffer. A consumer that stops on a
 *       flag instead of draining the buffer loses them.</li>
 *   <li><b>Stopping a blocked thread.</b> A thread waiting in {@code put} or {@code take} can
 *       only be stopped by {@link Thread#interrupt()}: your {@code BoundedBuffer} then throws
 *       InterruptedException, and the thread should end. But an interrupt can also arrive while
 *       the thread runs the handler or a source, and user code might catch and swallow it, so
 *       also give your threads a way to notice "we are stopping" between two steps. Never count
 *       the exceptions caused by your own stopping as the failure.</li>
 *   <li><b>Waiting for threads.</b> {@link Thread#join()} waits for a thread to terminate, but
 *       it throws InterruptedException if the caller is interrupted: then you still have to stop
 *       and wait for every thread before {@code run} may throw. And while {@code run} waits for
 *       the end, it must notice a failure in <em>any</em> thread, not only in the one it happens
 *       to be joining.</li>
 *   <li><b>Do not serialise the handlers.</b> Never call the handler while holding a lock that
 *       other consumers need: then only one element is handled at a time, and adding consumers
 *       gains nothing. The grader checks that handlers overlap and that an I/O-bound handler
 *       runs about {@code k} times faster with {@code k} consumers.</li>
 *   <li><b>Tools.</b> Inside {@code ProducerConsumer} (with its lambdas and nested classes) you
 *       may use any {@code java.util.concurrent} class except queues, for example an
 *       {@code AtomicReference} to record the first failure. Every <em>other</em> class of the
 *       package, {@code BoundedBuffer} and any top-level helper class you add, is held to the
 *       rules of {@link BoundedBuffer}. {@code synchronized}, {@code wait} and
 *       {@code notifyAll} are always fine.</li>
 * </ul>
 *
 * <h2>Example</h2>
 * <pre>{@code
 * List<List<String>> sources = List.of(List.of("a", "b"), List.of("c"));
 * long n = ProducerConsumer.run(sources, 2, 1, s -> System.out.println(s));
 * // prints a, b and c (in some order, from two consumer threads); n == 3
 * }</pre>
 */
public final class ProducerConsumer {

    private ProducerConsumer() {
    }

    /**
     * Hands every element of every source to {@code handler}, exactly once, on consumer threads
     * fed by one producer thread per source through one {@link BoundedBuffer}.
     *
     * @param sources the sources; each is iterated once, lazily, by its own producer thread
     * @param consumers the number of consumer threads, at least 1
     * @param capacity the capacity of the shared {@link BoundedBuffer}, at least 1
     * @param handler called once per element, on a consumer thread; calls on different consumer
     *     threads run at the same time
     * @param <T> the type of the elements
     * @return the number of elements handled, once every thread started has terminated
     * @throws IllegalArgumentException if {@code consumers < 1} or {@code capacity < 1}
     * @throws ExecutionException if the handler or a source threw, or a source returned a null
     *     element; the cause is the first such failure, and every thread started has terminated
     * @throws InterruptedException if the calling thread was interrupted; every thread started
     *     has terminated
     */
    public static <T> long run(List<? extends Iterable<? extends T>> sources, int consumers,
                               int capacity, Consumer<? super T> handler)
            throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException("TODO");
    }
}
