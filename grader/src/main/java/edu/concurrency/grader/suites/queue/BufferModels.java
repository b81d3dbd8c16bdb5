package edu.concurrency.grader.suites.queue;

import edu.concurrency.queue.BoundedBuffer;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Lincheck models of {@link BoundedBuffer}, one per race criterion of the queue exercise, each
 * with the initial state of its jcstress probe, and two of the blocking {@code put} and
 * {@code take} for {@code queue.stress}; and the sequential specification they are checked
 * against. Lincheck creates a fresh instance per invocation through the public no-argument
 * constructor and calls the {@link Operation} methods from its threads.
 */
public final class BufferModels {
    private BufferModels() {
    }

    /** Two offers into an empty buffer of capacity 1 ({@code OfferOfferProbe}). */
    public static final class Offers {
        private final BoundedBuffer<Integer> buffer = new BoundedBuffer<>(1);

        /** {@link BoundedBuffer#offer(Object)}. */
        @Operation
        public boolean offer(int item) {
            return buffer.offer(item);
        }
    }

    /** Polls of a buffer of capacity 1 that holds one element ({@code PollPollProbe}). */
    public static final class Polls {
        private final BoundedBuffer<Integer> buffer = new BoundedBuffer<>(1);

        /** The buffer with its one element, 0. */
        public Polls() {
            buffer.offer(0);
        }

        /** {@link BoundedBuffer#poll()}. */
        @Operation
        public Integer poll() {
            return buffer.poll();
        }
    }

    /** Offer, poll and size on a buffer of capacity 2 that holds one element ({@code OfferPollSizeProbe}). */
    public static final class OfferPollSize {
        private final BoundedBuffer<Integer> buffer = new BoundedBuffer<>(2);

        /** The buffer with its one element, 0. */
        public OfferPollSize() {
            buffer.offer(0);
        }

        /** {@link BoundedBuffer#offer(Object)}. */
        @Operation
        public boolean offer(int item) {
            return buffer.offer(item);
        }

        /** {@link BoundedBuffer#poll()}. */
        @Operation
        public Integer poll() {
            return buffer.poll();
        }

        /** {@link BoundedBuffer#size()}. */
        @Operation
        public int size() {
            return buffer.size();
        }
    }

    /** {@code put} and {@code take} on an empty buffer of capacity 2 (a take that waits for a put). */
    public static final class PutTakeEmpty {
        private final BoundedBuffer<Integer> buffer = new BoundedBuffer<>(2);

        /** {@link BoundedBuffer#put(Object)}. */
        @Operation(blocking = true)
        public void put(int item) throws InterruptedException {
            buffer.put(item);
        }

        /** {@link BoundedBuffer#take()}. */
        @Operation(blocking = true)
        public Integer take() throws InterruptedException {
            return buffer.take();
        }
    }

    /** {@code put} and {@code take} on a buffer of capacity 1 that holds one element, 0 (a put that waits for a take). */
    public static final class PutTakeFull {
        private final BoundedBuffer<Integer> buffer = new BoundedBuffer<>(1);

        /** The buffer with its one element, 0. */
        public PutTakeFull() {
            buffer.offer(0);
        }

        /** {@link BoundedBuffer#put(Object)}. */
        @Operation(blocking = true)
        public void put(int item) throws InterruptedException {
            buffer.put(item);
        }

        /** {@link BoundedBuffer#take()}. */
        @Operation(blocking = true)
        public Integer take() throws InterruptedException {
            return buffer.take();
        }
    }

    /**
     * What the specification "returns" for a blocking operation that cannot complete in its
     * state. No result of the submission's class equals it (the submission cannot name this
     * class), so the linearizability check places a {@code put} or {@code take} only where it
     * can complete: a blocking operation takes effect when it returns, after the operations
     * that let it go on, however early it started waiting.
     */
    public static final class WouldBlock extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WouldBlock(String operation) {
            super(operation + " would wait here", null, false, false);
        }
    }

    /** The specification: a FIFO queue of fixed capacity, run one operation at a time. */
    public abstract static class Spec {
        private final ArrayDeque<Integer> items = new ArrayDeque<>();
        private final int capacity;

        protected Spec(int capacity, int initial) {
            this.capacity = capacity;
            for (int i = 0; i < initial; i++) {
                items.add(i);
            }
        }

        public boolean offer(int item) {
            if (items.size() == capacity) {
                return false;
            }
            items.add(item);
            return true;
        }

        public Integer poll() {
            return items.poll();
        }

        public int size() {
            return items.size();
        }

        /** Appends; a full queue would make it wait: {@link WouldBlock}. */
        public void put(int item) {
            if (items.size() == capacity) {
                throw new WouldBlock("put");
            }
            items.add(item);
        }

        /** Removes the oldest; an empty queue would make it wait: {@link WouldBlock}. */
        public Integer take() {
            if (items.isEmpty()) {
                throw new WouldBlock("take");
            }
            return items.poll();
        }
    }

    /** The specification of {@link Offers}. */
    public static final class OffersSpec extends Spec {
        /** Empty, capacity 1. */
        public OffersSpec() {
            super(1, 0);
        }
    }

    /** The specification of {@link Polls}. */
    public static final class PollsSpec extends Spec {
        /** Capacity 1, holding the element 0. */
        public PollsSpec() {
            super(1, 1);
        }
    }

    /** The specification of {@link OfferPollSize}. */
    public static final class OfferPollSizeSpec extends Spec {
        /** Capacity 2, holding the element 0. */
        public OfferPollSizeSpec() {
            super(2, 1);
        }
    }

    /** The specification of {@link PutTakeEmpty}. */
    public static final class PutTakeEmptySpec extends Spec {
        /** Empty, capacity 2. */
        public PutTakeEmptySpec() {
            super(2, 0);
        }
    }

    /** The specification of {@link PutTakeFull}. */
    public static final class PutTakeFullSpec extends Spec {
        /** Capacity 1, holding the element 0. */
        public PutTakeFullSpec() {
            super(1, 1);
        }
    }
}
