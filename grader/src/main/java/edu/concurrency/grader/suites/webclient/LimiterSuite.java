package edu.concurrency.grader.suites.webclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.webclient.AsyncLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Criterion {@code webclient.limiter}: {@link AsyncLimiter} hands out permits without blocking,
 * in FIFO order, skips cancelled waiters without losing their permits, completes waiters and
 * calls tasks with none of its locks held ({@code synchronized} and {@code java.util.concurrent.locks}
 * alike, see {@link HeldLocks}), and {@code run} releases its permit however the task ends.
 */
class LimiterSuite extends ServerSuite {

    /** Queued tasks for the stack depth check: ~1,000 already overflow a recursive hand-out (measured). */
    private static final int QUEUED_TASKS = 20_000;

    private AsyncLimiter limiter(int permits) throws Exception {
        return h.call("new AsyncLimiter(" + permits + ")", () -> new AsyncLimiter(permits));
    }

    private CompletableFuture<Void> acquire(AsyncLimiter limiter) throws Exception {
        return h.call("acquire()", limiter::acquire);
    }

    private void release(AsyncLimiter limiter) throws Exception {
        h.call("release()", () -> {
            limiter.release();
            return null;
        });
    }

    @Test
    @DisplayName("new AsyncLimiter(permits) rejects permits < 1 with IllegalArgumentException")
    void rejectsFewerThanOnePermit() {
        for (int permits : new int[] {0, -1}) {
            assertThatThrownBy(() -> limiter(permits))
                    .as("new AsyncLimiter(%d) must throw IllegalArgumentException", permits)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("acquire completes at once while a permit is free, and waits (without blocking) when none is")
    void acquireCompletesAtOnceWhileAPermitIsFree() throws Exception {
        AsyncLimiter limiter = limiter(2);
        assertThat(limiter.availablePermits()).as("availablePermits() of a new AsyncLimiter(2)").isEqualTo(2);
        assertThat(acquire(limiter)).as("the first acquire() of AsyncLimiter(2) (a permit is free)").isDone();
        assertThat(limiter.availablePermits()).as("availablePermits() after one acquire()").isEqualTo(1);
        assertThat(acquire(limiter)).as("the second acquire() of AsyncLimiter(2)").isDone();
        assertThat(limiter.availablePermits()).as("availablePermits() after two acquires").isZero();
        CompletableFuture<Void> third = acquire(limiter);
        assertThat(third).as("a third acquire() of AsyncLimiter(2) must wait: no permit is free").isNotDone();
        release(limiter);
        assertThat(third).as("release() must hand the permit to the waiting acquire()").isCompleted();
        assertThat(limiter.availablePermits()).as("availablePermits() after the permit went to a waiter").isZero();
        release(limiter);
        release(limiter);
        assertThat(limiter.availablePermits()).as("availablePermits() after every permit was released").isEqualTo(2);
    }

    @Test
    @DisplayName("waiters get permits in FIFO order, one per release")
    void waitersGetPermitsInFifoOrder() throws Exception {
        AsyncLimiter limiter = limiter(1);
        acquire(limiter);
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waiters.add(acquire(limiter));
        }
        for (int i = 0; i < waiters.size(); i++) {
            release(limiter);
            for (int j = 0; j < waiters.size(); j++) {
                boolean shouldHave = j <= i;
                if (waiters.get(j).isDone() != shouldHave) {
                    throw new AssertionError("FIFO order broken: after " + (i + 1) + " release(s) of AsyncLimiter(1)"
                            + " with 6 waiting acquire()s, waiter #" + (j + 1) + (shouldHave ? " still waits"
                            : " already got a permit") + "; the permits must go to waiters #1.." + (i + 1)
                            + ", oldest first, one per release");
                }
            }
        }
        assertThat(limiter.availablePermits()).as("availablePermits() while the last waiter holds the permit").isZero();
    }

    @Test
    @DisplayName("a cancelled waiter is skipped and its permit is not lost")
    void cancelledWaiterIsSkipped() throws Exception {
        AsyncLimiter limiter = limiter(1);
        acquire(limiter);
        CompletableFuture<Void> first = acquire(limiter);
        CompletableFuture<Void> second = acquire(limiter);
        CompletableFuture<Void> third = acquire(limiter);
        first.cancel(false);
        release(limiter);
        assertThat(second).as("after the oldest waiter was cancelled, release() must hand the permit to the next"
                + " waiter (a cancelled waiter is skipped)").isCompleted();
        assertThat(third).as("only one waiter gets the one released permit").isNotDone();
        third.cancel(false);
        release(limiter);
        assertThat(limiter.availablePermits())
                .as("Lost permit: availablePermits() after the only remaining waiter was cancelled and the permit"
                        + " released (the permit must become free again)").isEqualTo(1);
        assertThat(acquire(limiter)).as("acquire() with the permit free again").isDone();
    }

    @Test
    @DisplayName("release with all permits free throws IllegalStateException and changes nothing")
    void releaseWithAllPermitsFreeThrows() throws Exception {
        AsyncLimiter limiter = limiter(2);
        assertThatThrownBy(() -> limiter.release()).as("release() on a new AsyncLimiter(2) (nothing acquired)")
                .isInstanceOf(IllegalStateException.class);
        acquire(limiter);
        release(limiter);
        assertThatThrownBy(() -> limiter.release()).as("a second release() after one acquire()")
                .isInstanceOf(IllegalStateException.class);
        assertThat(limiter.availablePermits()).as("availablePermits() after the rejected releases").isEqualTo(2);
    }

    @Test
    @DisplayName("run gives the stage's result and holds a permit exactly until the stage completes")
    void runGivesTheStagesResult() throws Exception {
        AsyncLimiter limiter = limiter(2);
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> result = h.call("run(task)", () -> limiter.run(() -> stage));
        assertThat(limiter.availablePermits()).as("availablePermits() while run's task is running").isEqualTo(1);
        assertThat(result).as("run's result before the task's stage completed").isNotDone();
        stage.complete("done");
        assertThat(h.await(result, h.scaled(2000), "run(task)")).as("run's result").isEqualTo("done");
        assertThat(limiter.availablePermits()).as("availablePermits() after the task's stage completed").isEqualTo(2);
    }

    @Test
    @DisplayName("run releases its permit and fails with the stage's failure when the stage fails")
    void runReleasesWhenTheStageFails() throws Exception {
        AsyncLimiter limiter = limiter(1);
        IllegalStateException boom = new IllegalStateException("the task failed");
        CompletableFuture<String> result = h.call("run(task)", () -> limiter.run(() -> CompletableFuture.failedFuture(boom)));
        Throwable failure = h.awaitFailure(result, h.scaled(2000), "run(task whose stage fails)");
        assertThat(failure).as("run's failure when the task's stage failed").isSameAs(boom);
        assertThat(limiter.availablePermits())
                .as("Permit leak: availablePermits() after run's task failed (the permit must be released on"
                        + " failure too)").isEqualTo(1);
    }

    @Test
    @DisplayName("run releases its permit and fails with the exception when the task itself throws")
    void runReleasesWhenTheSupplierThrows() throws Exception {
        AsyncLimiter limiter = limiter(1);
        IllegalArgumentException boom = new IllegalArgumentException("the supplier threw");
        Supplier<CompletableFuture<String>> throwing = () -> {
            throw boom;
        };
        CompletableFuture<String> result;
        try {
            result = h.call("run(task)", () -> limiter.run(throwing));
        } catch (IllegalArgumentException thrown) {
            throw new AssertionError("run(task) must not throw what the task throws; its future must fail with it",
                    thrown);
        }
        Throwable failure = h.awaitFailure(result, h.scaled(2000), "run(task that throws)");
        assertThat(WebClientHarness.causedBy(failure, IllegalArgumentException.class))
                .as("run's future must fail with the exception the task threw, but failed with " + WebClientHarness.describe(failure))
                .isTrue();
        assertThat(limiter.availablePermits())
                .as("Permit leak: availablePermits() after run's task threw (the permit must be released)").isEqualTo(1);
    }

    @Test
    @DisplayName("run starts queued tasks only when a permit is free, in FIFO order")
    void runStartsQueuedTasksInOrder() throws Exception {
        AsyncLimiter limiter = limiter(1);
        List<Integer> started = new CopyOnWriteArrayList<>();
        List<CompletableFuture<String>> stages = new ArrayList<>();
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            CompletableFuture<String> stage = new CompletableFuture<>();
            stages.add(stage);
            results.add(h.call("run(task " + n + ")", () -> limiter.run(() -> {
                started.add(n);
                return stage;
            })));
        }
        assertThat(started).as("tasks started while task 0 holds the only permit of AsyncLimiter(1)").containsExactly(0);
        for (int i = 0; i < 4; i++) {
            stages.get(i).complete("r" + i);
            assertThat(h.await(results.get(i), h.scaled(2000), "run(task " + i + ")")).isEqualTo("r" + i);
            List<Integer> expected = new ArrayList<>();
            for (int j = 0; j <= Math.min(i + 1, 3); j++) {
                expected.add(j);
            }
            assertThat(started).as("tasks started (in order) after task %d completed", i).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("release completes the waiter outside any lock: its callback can use the limiter from another thread")
    void releaseCompletesTheWaiterOutsideTheLock() throws Exception {
        AsyncLimiter limiter = limiter(1);
        acquire(limiter);
        CompletableFuture<Void> waiter = acquire(limiter);
        AtomicReference<String> problem = new AtomicReference<>("the waiter's callback did not run");
        Duration limit = h.scaled(3000);
        waiter.thenRun(() -> {
            // inside the callback, which runs in release(): first the limiter's own locks, by name
            List<String> held = HeldLocks.heldBy(limiter);
            if (!held.isEmpty()) {
                problem.set(underLock("release() completed the waiter's future", held));
                return;
            }
            // then by their effect: another thread uses the limiter (finds locks kept anywhere)
            CompletableFuture<CompletableFuture<Void>> other = new CompletableFuture<>();
            Thread helper = new Thread(() -> {
                try {
                    other.complete(limiter.acquire());
                } catch (Throwable t) {
                    other.completeExceptionally(t);
                }
            }, "other-thread");
            helper.setDaemon(true);
            helper.start();
            try {
                other.get(limit.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS).cancel(false);
                problem.set(null);
            } catch (java.util.concurrent.TimeoutException e) {
                problem.set("Deadlock hazard: release() completes the waiter's future while holding the limiter's"
                        + " lock, so the waiter's callback runs under it; another thread that called acquire() from"
                        + " that callback was still blocked after " + Threads.format(limit) + ": "
                        + Threads.describe(helper, WebClientHarness.PACKAGE) + ". Complete futures after leaving the lock.");
                helper.interrupt();
            } catch (Exception e) {
                problem.set("acquire() from another thread failed: " + e);
            }
        });
        limiter.release(); // on this thread: the callback above waits at most 3 s for the other thread
        if (problem.get() != null) {
            throw new AssertionError(problem.get());
        }
    }

    @Test
    @DisplayName("run calls its task with no lock of the limiter held, whether a permit is free or handed over by release")
    void runCallsTheTaskOutsideTheLock() throws Exception {
        AsyncLimiter limiter = limiter(1);
        List<String> problems = new CopyOnWriteArrayList<>();
        Supplier<CompletableFuture<String>> task = () -> {
            List<String> held = HeldLocks.heldBy(limiter);
            if (!held.isEmpty()) {
                problems.add(underLock("run(task) called the task", held));
            }
            return CompletableFuture.completedFuture("ok");
        };
        CompletableFuture<String> holder = new CompletableFuture<>();
        CompletableFuture<String> first = h.call("run(task) with a free permit", () -> limiter.run(() -> holder));
        CompletableFuture<String> queued = h.call("run(task) without a free permit", () -> limiter.run(task));
        holder.complete("done"); // its release hands the permit to the queued task
        h.await(first, h.scaled(2000), "run(task)");
        h.await(queued, h.scaled(2000), "the queued run(task)");
        h.await(h.call("run(task) with a free permit", () -> limiter.run(task)), h.scaled(2000), "run(task)");
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.get(0));
        }
    }

    /**
     * Feedback for foreign code that ran while the limiter's lock was held, with the line of the
     * submission that ran it (the innermost frame of the submission on this thread's stack).
     */
    private static String underLock(String what, List<String> held) {
        String where = java.util.Arrays.stream(Thread.currentThread().getStackTrace())
                .filter(f -> f.getClassName().startsWith(WebClientHarness.PACKAGE + ".") && f.getLineNumber() > 0)
                .findFirst().map(f -> " at " + f.getFileName() + ":" + f.getLineNumber()).orElse("");
        return "Foreign code under a lock (deadlock hazard): " + what + where + " while holding " + String.join(" and ", held)
                + ", so a callback you do not control ran inside the critical section; if it takes another lock or"
                + " waits for a thread that needs this one, the threads deadlock. Expected: no lock held (synchronized"
                + " and ReentrantLock alike); change the fields under the lock, then complete futures and call tasks"
                + " after unlocking.";
    }

    @Test
    @DisplayName("20,000 queued tasks that complete at once all run after one release, without a stack overflow")
    void manyQueuedTasksDoNotOverflowTheStack() throws Exception {
        AsyncLimiter limiter = limiter(1);
        acquire(limiter);
        List<CompletableFuture<Integer>> results = new ArrayList<>(QUEUED_TASKS);
        h.call("run(task) x " + QUEUED_TASKS, () -> {
            for (int i = 0; i < QUEUED_TASKS; i++) {
                int n = i;
                results.add(limiter.run(() -> CompletableFuture.completedFuture(n)));
            }
            return null;
        });
        Throwable thrown = null;
        try {
            release(limiter);
        } catch (StackOverflowError e) {
            thrown = e;
        }
        long completed = results.stream().filter(r -> r.isDone() && !r.isCompletedExceptionally()).count();
        if (thrown != null || completed != QUEUED_TASKS) {
            Throwable failed = results.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst()
                    .map(r -> h.awaitFailure(r, Duration.ZERO, "a queued task")).orElse(thrown);
            throw new AssertionError("Stack overflow: " + QUEUED_TASKS + " tasks were queued with run() while the only"
                    + " permit was held; after one release() only " + completed + " completed"
                    + (failed == null ? "" : " (" + WebClientHarness.describe(failed) + ")")
                    + ". release() hands the permit to a waiter whose task completes at once and releases again, on"
                    + " the same stack: hand the permits out in a loop instead of recursively.", failed);
        }
        assertThat(limiter.availablePermits()).as("availablePermits() after all queued tasks completed").isEqualTo(1);
    }
}
