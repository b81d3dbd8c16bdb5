package edu.concurrency.queue;

import java.util.concurrent.TimeUnit;

/**
 * A blocking first-in-first-out buffer with a fixed capacity: the message queue through which
 * producer threads hand elements to consumer threads. You build it yourself, on Java's
 * lowest-level tools, so that you see what {@link java.util.concurrent.ArrayBlockingQueue} does
 * for you.
 *
 * <h2>The contract (every rule is graded)</h2>
 * <ul>
 *   <li><b>FIFO and bounded.</b> Elements come out in the order they went in, and the buffer
 *       never holds more than {@link #capacity()} elements. A capacity below 1 is rejected with
 *       {@link IllegalArgumentException}.</li>
 *   <li><b>No null elements.</b> {@code put}, {@code offer} and the timed {@code offer} throw
 *       {@link NullPointerException} for a null element, at once, even when the buffer is full
 *       (check the argument before you wait). This is also why {@code poll} can use null to say
 *       "nothing there".</li>
 *   <li><b>Blocking.</b> {@link #put} waits while the buffer is full; {@link #take} waits while
 *       it is empty. Both continue as soon as another thread makes room or adds an element.</li>
 *   <li><b>Non-blocking.</b> {@link #offer(Object)} and {@link #poll()} never wait: they return
 *       {@code false} or {@code null} at once when they cannot do their job.</li>
 *   <li><b>Timed.</b> {@link #offer(Object, long, TimeUnit)} and {@link #poll(long, TimeUnit)}
 *       wait for at most {@code timeout} <em>in total</em>, then give up with {@code false} or
 *       {@code null}. "In total" means summed over all wakeups: if the thread is woken up and
 *       still cannot proceed, it waits only for the time that is <em>left</em>, never for a full
 *       timeout again, and it does not give up early either. A timeout {@code <= 0} means "do not
 *       wait at all" (behave like the non-blocking form). The grader measures that a timed call
 *       returns no sooner than the timeout and not much later, also while other threads keep
 *       waking the waiter up.</li>
 *   <li><b>Interrupts.</b> If a thread is interrupted while it waits in {@code put}, {@code take}
 *       or a timed form (or is already interrupted when it would have to wait), the method
 *       throws {@link InterruptedException} promptly, and the buffer is left exactly as it was
 *       (nothing added, nothing removed). As everywhere in the JDK, the thread's interrupt status
 *       is cleared when the exception is thrown; {@code Object.wait} and {@code Condition.await}
 *       already do both for you.</li>
 *   <li><b>No busy waiting.</b> A waiting thread uses no CPU: it is suspended (thread state
 *       {@code WAITING}, or {@code TIMED_WAITING} in a timed form) until another thread changes
 *       the buffer and wakes it up. Spinning in a loop that re-checks the condition, with or
 *       without {@code Thread.yield()} or {@code Thread.onSpinWait()}, is busy waiting.
 *       Re-checking every millisecond with {@code Thread.sleep(1)} ("sleep-polling") is not
 *       allowed either: it burns CPU, and it reacts late.</li>
 *   <li><b>Thread-safe.</b> Any number of threads may call any method at the same time, and every
 *       method, {@link #size()} included, sees a consistent state.</li>
 * </ul>
 *
 * <h2>Tools you may use</h2>
 * <p>{@code synchronized}, {@link Object#wait()}, {@link Object#wait(long)} and
 * {@link Object#notifyAll()}; or, if you prefer, {@link java.util.concurrent.locks.ReentrantLock}
 * with {@link java.util.concurrent.locks.Condition}s. Nothing else from
 * {@code java.util.concurrent}: no queues or concurrent collections (no
 * {@code ArrayBlockingQueue}, not even as a private field), no synchronizers ({@code Semaphore},
 * {@code CountDownLatch}, ...), no atomics ({@code AtomicInteger}, ...). {@link TimeUnit} is fine.
 * Never call {@code Thread.sleep}, {@code Thread.yield}, {@code Thread.onSpinWait} or
 * {@code LockSupport.parkNanos}. Store the elements in a plain array (a circular array needs no
 * shifting) or in a {@code java.util} collection. Package-private helper classes that you add
 * are held to the same rules.
 *
 * <h2>Classic hazards (the grader provokes each of them)</h2>
 * <ul>
 *   <li><b>Check-then-act race.</b> "If there is room, then add" is two steps. If another thread
 *       can run between them, two threads both see the last free slot and both add. Every check
 *       and the action that depends on it must happen while holding one and the same lock, also
 *       in the methods that never wait ({@code offer}, {@code poll}) and in {@code size}.</li>
 *   <li><b>Lost wakeup.</b> With one monitor, producers (waiting for room) and consumers
 *       (waiting for an element) wait in the same place for different reasons.
 *       {@code notify()} wakes just one arbitrary waiter: if that is a thread of the wrong kind,
 *       it goes back to waiting, the wakeup is lost, and sooner or later every thread waits
 *       forever. {@code notifyAll()} wakes them all and lets each re-check its own condition
 *       (with a {@code Lock}, one {@code Condition} per reason to wait is the other way out).</li>
 *   <li><b>{@code if} instead of {@code while}.</b> Waking up does not mean the condition
 *       holds: another thread may have taken the element between the notification and the
 *       moment the woken thread gets the lock back, and {@code wait} may even return without any
 *       notification at all (a "spurious wakeup"). Always wait in a loop that re-checks the
 *       condition after every wakeup.</li>
 *   <li><b>Restarting the timeout.</b> In the timed forms, a wakeup that does not let the thread
 *       proceed must not start the full timeout over. Compute a deadline once, from
 *       {@link System#nanoTime()} (not {@code currentTimeMillis}, which jumps when the clock is
 *       adjusted), and wait only for what is left of it each time.</li>
 *   <li><b>Swallowed interrupt.</b> Do not catch {@code InterruptedException} in this class to
 *       "keep waiting": an interrupt is another thread asking this one to stop (that is how
 *       {@link ProducerConsumer} stops threads blocked in {@code put} or {@code take}). Let it
 *       propagate.</li>
 * </ul>
 *
 * <h2>Example</h2>
 * <pre>{@code
 * BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
 * buffer.put("a");
 * buffer.offer("b");                                    // true
 * buffer.offer("c");                                    // false: full, returns at once
 * buffer.offer("c", 100, TimeUnit.MILLISECONDS);        // false after about 100 ms
 * buffer.take();                                        // "a"
 * buffer.poll();                                        // "b"
 * buffer.poll(50, TimeUnit.MILLISECONDS);               // null after about 50 ms
 * }</pre>
 *
 * @param <E> the type of the elements
 */
public class BoundedBuffer<E> {

    /**
     * Creates an empty buffer that holds at most {@code capacity} elements.
     *
     * @param capacity the maximum number of elements, at least 1
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public BoundedBuffer(int capacity) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Appends {@code item} at the tail, waiting as long as necessary while the buffer is full.
     *
     * <p>Wakes up threads waiting in {@code take} or {@code poll}, which may now proceed.
     *
     * @param item the element to add, not null
     * @throws NullPointerException if {@code item} is null (thrown at once, without waiting)
     * @throws InterruptedException if the thread is interrupted while waiting, or is already
     *     interrupted when it has to wait; the buffer is then unchanged and the interrupt status
     *     cleared
     */
    public void put(E item) throws InterruptedException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Removes and returns the element at the head (the oldest one), waiting as long as
     * necessary while the buffer is empty.
     *
     * <p>Wakes up threads waiting in {@code put} or {@code offer}, which may now proceed.
     *
     * @return the oldest element, never null
     * @throws InterruptedException if the thread is interrupted while waiting, or is already
     *     interrupted when it has to wait; the buffer is then unchanged and the interrupt status
     *     cleared
     */
    public E take() throws InterruptedException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Appends {@code item} at the tail if there is room, without ever waiting.
     *
     * <p>Beware the check-then-act race: two threads offering into the last free slot at the same
     * time must not both succeed.
     *
     * @param item the element to add, not null
     * @return {@code true} if the element was added, {@code false} if the buffer was full
     * @throws NullPointerException if {@code item} is null
     */
    public boolean offer(E item) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Removes and returns the element at the head if there is one, without ever waiting.
     *
     * <p>Two threads polling the last element at the same time: exactly one of them gets it.
     *
     * @return the oldest element, or {@code null} if the buffer was empty
     */
    public E poll() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Appends {@code item} at the tail, waiting at most {@code timeout} in total for room.
     *
     * <p>The timeout is a budget for the whole call, summed over all wakeups: after a wakeup that
     * finds the buffer still full, wait only for what is left of it. The call returns
     * {@code false} once the whole timeout has passed without room, no sooner.
     *
     * @param item the element to add, not null
     * @param timeout the longest time to wait, in {@code unit}s; {@code <= 0} means do not wait
     *     (then this behaves like {@link #offer(Object)})
     * @param unit the unit of {@code timeout}, for example {@link TimeUnit#MILLISECONDS}
     * @return {@code true} if the element was added, {@code false} if the buffer stayed full for
     *     the whole timeout
     * @throws NullPointerException if {@code item} is null (thrown at once, without waiting)
     * @throws InterruptedException if the thread is interrupted while waiting, or is already
     *     interrupted when it has to wait; the buffer is then unchanged and the interrupt status
     *     cleared
     */
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Removes and returns the element at the head, waiting at most {@code timeout} in total for
     * one to arrive.
     *
     * <p>The timeout is a budget for the whole call, summed over all wakeups: after a wakeup that
     * finds the buffer still empty, wait only for what is left of it. The call returns
     * {@code null} once the whole timeout has passed without an element, no sooner.
     *
     * @param timeout the longest time to wait, in {@code unit}s; {@code <= 0} means do not wait
     *     (then this behaves like {@link #poll()})
     * @param unit the unit of {@code timeout}, for example {@link TimeUnit#MILLISECONDS}
     * @return the oldest element, or {@code null} if the buffer stayed empty for the whole timeout
     * @throws InterruptedException if the thread is interrupted while waiting, or is already
     *     interrupted when it has to wait; the buffer is then unchanged and the interrupt status
     *     cleared
     */
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Returns the number of elements in the buffer right now.
     *
     * <p>Read it under the same lock as the other methods: an unsynchronized read may return a
     * stale value, or a value no consistent state of the buffer ever had.
     *
     * @return the number of elements, between 0 and {@link #capacity()}
     */
    public int size() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Returns the capacity given to the constructor.
     *
     * @return the maximum number of elements the buffer holds
     */
    public int capacity() {
        throw new UnsupportedOperationException("TODO");
    }
}
