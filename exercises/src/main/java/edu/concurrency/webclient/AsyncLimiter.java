package edu.concurrency.webclient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A concurrency limit for asynchronous code, like Python's {@code asyncio.Semaphore}: at most
 * {@code permits} tasks hold a permit at the same time, and a task that has to wait for a permit
 * waits without blocking a thread.
 *
 * <p>Rules (the grader checks every one):
 * <ul>
 *   <li>{@link #acquire()} returns an already completed future if a permit is free. Otherwise it
 *       returns a future that completes when a permit is handed to it; waiters get permits in
 *       FIFO order (first come, first served).</li>
 *   <li>{@link #release()} hands the permit to the oldest waiter that is still interested,
 *       completing that waiter's future <em>outside any lock</em> (completing a future runs its
 *       callbacks on the spot), or else makes the permit free again.</li>
 *   <li>A waiter whose future was cancelled is skipped, and its permit is not lost.</li>
 *   <li>No method blocks: nothing waits, sleeps or joins a future that is not done yet.</li>
 *   <li>Locks: guard the counters and the queue with {@code synchronized} or a
 *       {@link java.util.concurrent.locks.ReentrantLock}, as you like; both are graded alike. Keep
 *       the critical sections short (a few field updates), and hold <em>neither</em> while a
 *       future is completed ({@code complete}, {@code completeExceptionally}, {@code cancel}) or
 *       while the task of {@link #run} is called: decide under the lock which future to complete,
 *       then complete it after unlocking. The grader checks this in the bytecode and at run time
 *       (inside your waiters' callbacks it asks whether the limiter's monitor or its lock fields
 *       are held).</li>
 *   <li>It is thread-safe: any thread may call any method at any time.</li>
 * </ul>
 *
 * <p>Hint: many tasks can be queued. If {@code release()} completes the next waiter, whose
 * callback runs a task that completes at once and calls {@code release()} again, and so on, the
 * stack grows with every queued task; hand permits out in a loop instead of recursively.
 */
public final class AsyncLimiter {

    /**
     * Creates a limiter with {@code permits} free permits.
     *
     * @param permits how many tasks may hold a permit at the same time, at least 1
     * @throws IllegalArgumentException if {@code permits < 1}
     */
    public AsyncLimiter(int permits) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Asks for a permit without blocking.
     *
     * @return a completed future if a permit was free (it now belongs to the caller); otherwise a
     *     future that completes when a permit is handed to the caller, in FIFO order. Cancelling
     *     that future gives up the place in the queue.
     */
    public CompletableFuture<Void> acquire() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Gives a permit back: to the oldest waiter that has not been cancelled (its future is
     * completed outside any lock), or else it becomes free.
     *
     * @throws IllegalStateException if all permits are already free (more releases than acquires)
     */
    public void release() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The number of free permits now.
     *
     * @return how many permits are free, between 0 and the number given to the constructor
     */
    public int availablePermits() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Runs an asynchronous task within the limit: acquires a permit, then calls {@code task}, and
     * releases the permit when the stage the task returned completes, normally or exceptionally,
     * or at once if the task throws.
     *
     * <p>Cancelling the returned future while it waits for a permit gives up the place in the
     * queue; cancelling it while the task runs cancels the task's stage (if it is a
     * {@link CompletableFuture}).
     *
     * @param task creates the stage; called once, when the permit has been acquired
     * @param <T>  the type of the task's result
     * @return a future with the stage's result, or the stage's failure, or the exception
     *     {@code task} threw
     * @throws NullPointerException if {@code task} is null
     */
    public <T> CompletableFuture<T> run(Supplier<? extends CompletionStage<T>> task) {
        throw new UnsupportedOperationException("TODO");
    }
}
