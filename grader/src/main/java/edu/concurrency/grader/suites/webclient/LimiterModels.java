package edu.concurrency.grader.suites.webclient;

import edu.concurrency.webclient.AsyncLimiter;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Lincheck models of {@link AsyncLimiter}'s non-blocking operations, one per race criterion of
 * the web client exercise, each with the initial state of its jcstress probe, and the sequential
 * specification they are checked against. An acquire's result is whether its future was complete
 * when {@code acquire()} returned (a permit at once) or not (a waiter).
 */
public final class LimiterModels {
    private LimiterModels() {
    }

    /** Acquires of a limiter with 1 permit, and its free permits ({@code TwoAcquiresProbe}). */
    public static final class Acquires {
        private final AsyncLimiter limiter = new AsyncLimiter(1);

        /** {@link AsyncLimiter#acquire()}: true when the permit came at once. */
        @Operation
        public boolean acquire() {
            return limiter.acquire().isDone();
        }

        /** {@link AsyncLimiter#availablePermits()}. */
        @Operation
        public int availablePermits() {
            return limiter.availablePermits();
        }
    }

    /**
     * A release racing acquires on a limiter with 1 permit, held since the start
     * ({@code ReleaseAcquireProbe}); at most one release, so it always has a permit to give back.
     */
    public static final class ReleaseAcquire {
        private final AsyncLimiter limiter = new AsyncLimiter(1);

        /** The limiter with its permit taken. */
        public ReleaseAcquire() {
            limiter.acquire();
        }

        /** {@link AsyncLimiter#release()}. */
        @Operation(runOnce = true)
        public void release() {
            limiter.release();
        }

        /**
         * {@link AsyncLimiter#acquire()}, its future ignored: whether it is complete cannot be read
         * atomically with the call while a release runs; a permit given twice shows in
         * {@link #availablePermits()} instead.
         */
        @Operation
        public void acquire() {
            limiter.acquire();
        }

        /** {@link AsyncLimiter#availablePermits()}. */
        @Operation
        public int availablePermits() {
            return limiter.availablePermits();
        }
    }

    /** The specification: free permits, and waiters served in order by releases. */
    public abstract static class Spec {
        private int free;
        private int waiting;

        protected Spec(int free) {
            this.free = free;
        }

        public boolean acquire() {
            if (free > 0) {
                free--;
                return true;
            }
            waiting++;
            return false;
        }

        public void release() {
            if (waiting > 0) {
                waiting--;
            } else {
                free++;
            }
        }

        public int availablePermits() {
            return free;
        }
    }

    /** The specification of {@link Acquires}. */
    public static final class AcquiresSpec extends Spec {
        /** 1 free permit. */
        public AcquiresSpec() {
            super(1);
        }
    }

    /** The specification of {@link ReleaseAcquire}: no free permit at first, the only one is held. */
    public static final class ReleaseAcquireSpec {
        private final Spec permits = new AcquiresSpec();

        /** The held permit. */
        public ReleaseAcquireSpec() {
            permits.acquire();
        }

        /** A permit or a place in the queue. */
        public void acquire() {
            permits.acquire();
        }

        /** The permit back: to the oldest waiter, or free. */
        public void release() {
            permits.release();
        }

        /** Free permits. */
        public int availablePermits() {
            return permits.availablePermits();
        }
    }
}
