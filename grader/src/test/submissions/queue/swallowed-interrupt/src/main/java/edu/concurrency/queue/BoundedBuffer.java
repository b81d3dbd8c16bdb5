package edu.concurrency.queue;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Test submission swallowed-interrupt (see expected.yaml): the reference {@code BoundedBuffer}
 * with one realistic mistake, marked {@code // BUG}: {@code put} and {@code take} catch
 * InterruptedException and keep waiting, so an interrupted thread neither leaves nor learns that
 * it was asked to stop (and its interrupt status is lost).
 *
 * @param <E> the type of the elements
 */
public class BoundedBuffer<E> {

    /** The slots; an empty slot holds {@code null}. Guarded by {@code this}. */
    private final Object[] items;
    /** Index of the oldest element (the next one to take). Guarded by {@code this}. */
    private int head;
    /** Number of elements in the buffer. Guarded by {@code this}. */
    private int count;

    /**
     * Creates an empty buffer.
     *
     * @param capacity the maximum number of elements, at least 1
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public BoundedBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
        }
        items = new Object[capacity];
    }

    /**
     * Appends an element, waiting while the buffer is full.
     *
     * @param item the element, not null
     * @throws NullPointerException if {@code item} is null
     * @throws InterruptedException if interrupted while waiting; the buffer is unchanged
     */
    public synchronized void put(E item) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        while (count == items.length) {
            try {
                wait();
            } catch (InterruptedException e) {
                // BUG: swallowed interrupt: keeps waiting, so nobody can stop this thread
            }
        }
        enqueue(item);
    }

    /**
     * Removes the oldest element, waiting while the buffer is empty.
     *
     * @return the oldest element
     * @throws InterruptedException if interrupted while waiting; the buffer is unchanged
     */
    public synchronized E take() throws InterruptedException {
        while (count == 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                // BUG: swallowed interrupt: keeps waiting, so nobody can stop this thread
            }
        }
        return dequeue();
    }

    /**
     * Appends an element if there is space, without waiting.
     *
     * @param item the element, not null
     * @return true if appended, false if the buffer was full
     * @throws NullPointerException if {@code item} is null
     */
    public synchronized boolean offer(E item) {
        Objects.requireNonNull(item, "item");
        if (count == items.length) {
            return false;
        }
        enqueue(item);
        return true;
    }

    /**
     * Removes the oldest element if there is one, without waiting.
     *
     * @return the oldest element, or null if the buffer was empty
     */
    public synchronized E poll() {
        return count == 0 ? null : dequeue();
    }

    /**
     * Appends an element, waiting at most {@code timeout} in total for space.
     *
     * @param item the element, not null
     * @param timeout the longest time to wait in total; {@code <= 0} means do not wait
     * @param unit the unit of {@code timeout}
     * @return true if appended, false if the buffer stayed full for the whole timeout
     * @throws NullPointerException if {@code item} or {@code unit} is null
     * @throws InterruptedException if interrupted while waiting; the buffer is unchanged
     */
    public synchronized boolean offer(E item, long timeout, TimeUnit unit)
            throws InterruptedException {
        Objects.requireNonNull(item, "item");
        long remaining = unit.toNanos(timeout);
        // One deadline for the whole call: a wakeup that finds the buffer still full waits only for
        // what is left of the timeout, never for the full timeout again.
        long deadline = System.nanoTime() + remaining;
        while (count == items.length) {
            if (remaining <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
            remaining = deadline - System.nanoTime();
        }
        enqueue(item);
        return true;
    }

    /**
     * Removes the oldest element, waiting at most {@code timeout} in total for one.
     *
     * @param timeout the longest time to wait in total; {@code <= 0} means do not wait
     * @param unit the unit of {@code timeout}
     * @return the oldest element, or null if the buffer stayed empty for the whole timeout
     * @throws NullPointerException if {@code unit} is null
     * @throws InterruptedException if interrupted while waiting; the buffer is unchanged
     */
    public synchronized E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long remaining = unit.toNanos(timeout);
        long deadline = System.nanoTime() + remaining;
        while (count == 0) {
            if (remaining <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
            remaining = deadline - System.nanoTime();
        }
        return dequeue();
    }

    /**
     * Returns the number of elements in the buffer.
     *
     * @return the number of elements, between 0 and {@link #capacity()}
     */
    public synchronized int size() {
        return count;
    }

    /**
     * Returns the capacity given to the constructor.
     *
     * @return the maximum number of elements
     */
    public int capacity() {
        return items.length;
    }

    /** Stores {@code item} in the next free slot; the caller holds the monitor and checked space. */
    private void enqueue(E item) {
        items[(head + count) % items.length] = item;
        count++;
        notifyAll(); // "not empty" now holds: wake every waiter, each re-checks its own condition
    }

    /** Removes the oldest element; the caller holds the monitor and checked there is one. */
    private E dequeue() {
        @SuppressWarnings("unchecked")
        E item = (E) items[head];
        items[head] = null; // no stale reference: let the element be garbage collected
        head = (head + 1) % items.length;
        count--;
        notifyAll(); // "not full" now holds: wake every waiter, each re-checks its own condition
        return item;
    }
}
