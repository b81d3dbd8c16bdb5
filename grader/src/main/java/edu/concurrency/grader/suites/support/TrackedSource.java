package edu.concurrency.grader.suites.support;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A source of elements for producer/consumer tests: an {@link Iterable} that counts the elements
 * pulled from it, remembers the threads that read it, knows whether a reader reached its end, and
 * can be closed (it then ends), so that a submission that never stops its producers cannot pull
 * from an infinite source for ever after the test.
 *
 * <p>The element function runs inside {@link Iterator#next()} on the reading thread, after the
 * pull was counted: it may check invariants, block, throw (a failing source) or return null.
 *
 * @param <T> the type of the elements
 */
public final class TrackedSource<T> implements Iterable<T> {

    private final long size;
    private final LongFunction<? extends T> element;
    private final AtomicLong pulled = new AtomicLong();
    private final Set<Thread> readers = ConcurrentHashMap.newKeySet();
    private volatile boolean exhausted;
    private volatile boolean closed;

    private TrackedSource(long size, LongFunction<? extends T> element) {
        this.size = size;
        this.element = element;
    }

    /**
     * A source of {@code size} elements.
     *
     * @param size    the number of elements
     * @param element the element at an index (0, 1, ...)
     * @param <T>     the type of the elements
     * @return the source
     */
    public static <T> TrackedSource<T> finite(long size, LongFunction<? extends T> element) {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
        return new TrackedSource<>(size, element);
    }

    /**
     * A source that ends only when closed.
     *
     * @param element the element at an index (0, 1, ...)
     * @param <T>     the type of the elements
     * @return the source
     */
    public static <T> TrackedSource<T> infinite(LongFunction<? extends T> element) {
        return new TrackedSource<>(-1, element);
    }

    /** @return how many times {@code next()} was called successfully, over all iterators */
    public long pulled() {
        return pulled.get();
    }

    /** @return the threads that called {@code hasNext()} or {@code next()} */
    public Set<Thread> readers() {
        return Set.copyOf(readers);
    }

    /** @return whether {@code hasNext()} returned false at least once */
    public boolean exhausted() {
        return exhausted;
    }

    /** Ends the source: from now on {@code hasNext()} returns false. */
    public void close() {
        closed = true;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                readers.add(Thread.currentThread());
                boolean more = !closed && (size < 0 || index < size);
                if (!more) {
                    exhausted = true;
                }
                return more;
            }

            @Override
            public T next() {
                readers.add(Thread.currentThread());
                if (closed || (size >= 0 && index >= size)) {
                    exhausted = true;
                    throw new NoSuchElementException();
                }
                long i = index++;
                pulled.incrementAndGet();
                return element.apply(i);
            }
        };
    }
}
