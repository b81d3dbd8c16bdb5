package edu.concurrency.webclient;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Reference solution: a non-blocking semaphore whose waiters are futures.
 *
 * <p>All state is guarded by {@code this}, and no future is ever completed while holding it:
 * completing a future runs its callbacks on the spot, and a callback that calls back into the
 * limiter (or takes another lock) must not find this lock held.
 *
 * <p>A released permit first becomes a <em>hand-off</em> ({@link #handoffs}); one thread at a
 * time (the one that set {@link #handingOut}) hands the hand-offs to the waiters in a loop. A
 * release made by a callback during the hand-out (for example a queued task that completes at
 * once) only adds a hand-off and returns; the loop that is already running picks it up. So the
 * stack does not grow with the number of queued tasks.
 */
public final class AsyncLimiter {

    /** The number of permits given to the constructor. */
    private final int permits;
    /** Free permits. Positive only while no one waits. Guarded by {@code this}. */
    private int available;
    /** Released permits not yet handed to a waiter or made free. Guarded by {@code this}. */
    private int handoffs;
    /** Whether a thread is handing out permits. Guarded by {@code this}. */
    private boolean handingOut;
    /** The waiters, oldest first; some may have been cancelled. Guarded by {@code this}. */
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();

    /**
     * Creates a limiter with {@code permits} free permits.
     *
     * @param permits how many tasks may hold a permit at the same time, at least 1
     * @throws IllegalArgumentException if {@code permits < 1}
     */
    public AsyncLimiter(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, but was " + permits);
        }
        this.permits = permits;
        this.available = permits;
    }

    /**
     * Asks for a permit without blocking.
     *
     * @return a completed future if a permit was free; otherwise a future that completes when a
     *     permit is handed to the caller, in FIFO order
     */
    public CompletableFuture<Void> acquire() {
        synchronized (this) {
            if (available > 0) {
                available--;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            waiters.addLast(waiter);
            return waiter;
        }
    }

    /**
     * Gives a permit back: to the oldest waiter that has not been cancelled, or else it becomes
     * free.
     *
     * @throws IllegalStateException if all permits are already free
     */
    public void release() {
        synchronized (this) {
            if (available + handoffs >= permits) {
                throw new IllegalStateException("release() without a matching acquire(): all "
                        + permits + " permits are already free");
            }
            handoffs++;
            // BUG: no hand-out loop: a release made by a callback during a hand-out recurses
        }
        handOut();
    }

    /** Hands every pending hand-off to a live waiter, completing waiters outside the lock. */
    private void handOut() {
        while (true) {
            CompletableFuture<Void> next;
            synchronized (this) {
                next = handoffs == 0 ? null : waiters.pollFirst();
                if (next == null) {
                    available += handoffs;
                    handoffs = 0;
                    handingOut = false;
                    return;
                }
                handoffs--;
            }
            if (!next.complete(null)) {
                // cancelled while it waited: the permit goes to the next waiter
                synchronized (this) {
                    handoffs++;
                }
            }
        }
    }

    /**
     * The number of free permits now.
     *
     * @return how many permits are free
     */
    public synchronized int availablePermits() {
        return available;
    }

    /**
     * Runs an asynchronous task within the limit.
     *
     * @param task creates the stage; called once the permit has been acquired
     * @param <T>  the type of the task's result
     * @return a future with the stage's result or failure, or the exception {@code task} threw
     * @throws NullPointerException if {@code task} is null
     */
    public <T> CompletableFuture<T> run(Supplier<? extends CompletionStage<T>> task) {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> permit = acquire();
        // cancelled (or otherwise completed) while waiting: give up the place in the queue
        result.whenComplete((value, failure) -> permit.cancel(false));
        permit.thenRun(() -> start(task, result));
        return result;
    }

    /** Runs {@code task} with an acquired permit, and releases it when its stage completes. */
    private <T> void start(Supplier<? extends CompletionStage<T>> task, CompletableFuture<T> result) {
        if (result.isDone()) {
            release(); // cancelled just as the permit arrived
            return;
        }
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(task.get(), "the task returned null instead of a stage");
        } catch (RuntimeException | Error e) {
            release();
            result.completeExceptionally(e);
            return;
        }
        stage.whenComplete((value, failure) -> {
            release();
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                cancel(stage);
            }
        });
    }

    private static void cancel(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException e) {
            // a stage that cannot be cancelled releases its permit when it completes
        }
    }
}
