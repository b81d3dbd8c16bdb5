package edu.concurrency.grader.suites.queue;

import edu.concurrency.queue.BoundedBuffer;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Lincheck models of {@link BoundedBuffer}, one per race criterion of the queue exercise, each
 * with the initial state of its jcstress probe, and the sequential specification they are checked
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
        /** Capacity 1, holding 0. */
        public PollsSpec() {
            super(1, 1);
        }
    }

    /** The specification of {@link OfferPollSize}. */
    public static final class OfferPollSizeSpec extends Spec {
        /** Capacity 2, holding 0. */
        public OfferPollSizeSpec() {
            super(2, 1);
        }
    }
}
