package edu.concurrency.queue;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test submission delegates-to-abq (see expected.yaml): a correct {@code BoundedBuffer} that breaks
 * the one rule of the exercise, marked {@code // BUG}: instead of building the buffer on
 * {@code synchronized}/{@code wait}/{@code notifyAll}, it hands every call to a
 * {@link ArrayBlockingQueue}.
 *
 * @param <E> the type of the elements
 */
public class BoundedBuffer<E> {

    // BUG: delegates to java.util.concurrent instead of building the buffer on a monitor or a lock
    private final ArrayBlockingQueue<E> queue;
    private final int capacity;

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
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Appends an element, waiting while the buffer is full.
     *
     * @param item the element, not null
     * @throws InterruptedException if interrupted while waiting
     */
    public void put(E item) throws InterruptedException {
        queue.put(item);
    }

    /**
     * Removes the oldest element, waiting while the buffer is empty.
     *
     * @return the oldest element
     * @throws InterruptedException if interrupted while waiting
     */
    public E take() throws InterruptedException {
        return queue.take();
    }

    /**
     * Appends an element if there is space, without waiting.
     *
     * @param item the element, not null
     * @return true if appended
     */
    public boolean offer(E item) {
        return queue.offer(item);
    }

    /**
     * Removes the oldest element if there is one, without waiting.
     *
     * @return the oldest element, or null
     */
    public E poll() {
        return queue.poll();
    }

    /**
     * Appends an element, waiting at most {@code timeout} in total for space.
     *
     * @param item the element, not null
     * @param timeout the longest time to wait; {@code <= 0} means do not wait
     * @param unit the unit of {@code timeout}
     * @return true if appended, false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        return queue.offer(item, timeout, unit);
    }

    /**
     * Removes the oldest element, waiting at most {@code timeout} in total for one.
     *
     * @param timeout the longest time to wait; {@code <= 0} means do not wait
     * @param unit the unit of {@code timeout}
     * @return the oldest element, or null on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /**
     * Returns the number of elements.
     *
     * @return the number of elements
     */
    public int size() {
        return queue.size();
    }

    /**
     * Returns the capacity given to the constructor.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }
}
