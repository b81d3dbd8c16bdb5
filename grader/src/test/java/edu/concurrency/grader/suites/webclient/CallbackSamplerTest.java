package edu.concurrency.grader.suites.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CallbackSampler#judge} on stacks as the JDK shows them (innermost frame first): a join
 * of an unfinished future on a thread of the submission is blocking, on a caller thread of the
 * grader it is left to the responsiveness criterion; waiting to enter a {@code ReentrantLock}
 * counts like BLOCKED on a monitor, waiting on its condition does not.
 */
class CallbackSamplerTest {

    private CallbackSampler sampler;

    @BeforeEach
    void start() {
        sampler = CallbackSampler.start(WebClientHarness.PACKAGE);
    }

    @AfterEach
    void stop() {
        sampler.close();
    }

    private static StackTraceElement frame(String type, String method) {
        return new StackTraceElement(type, method, type.substring(type.lastIndexOf('.') + 1) + ".java", 10);
    }

    private static final StackTraceElement[] JOIN = {
        frame("jdk.internal.misc.Unsafe", "park"),
        frame("java.util.concurrent.locks.LockSupport", "park"),
        frame("java.util.concurrent.CompletableFuture$Signaller", "block"),
        frame("java.util.concurrent.ForkJoinPool", "managedBlock"),
        frame("java.util.concurrent.CompletableFuture", "waitingGet"),
        frame("java.util.concurrent.CompletableFuture", "join"),
    };

    private static StackTraceElement[] concat(StackTraceElement[] top, StackTraceElement... bottom) {
        StackTraceElement[] all = new StackTraceElement[top.length + bottom.length];
        System.arraycopy(top, 0, all, 0, top.length);
        System.arraycopy(bottom, 0, all, top.length, bottom.length);
        return all;
    }

    @Test
    void aJoinOnAThreadOfTheSubmissionIsBlocking() {
        StackTraceElement[] stack = concat(JOIN, frame("edu.concurrency.webclient.AsyncLimiter", "lambda$run$0"),
                frame("java.lang.Thread", "run"));
        CallbackSampler.Sighting s = sampler.judge("limiter-task", Thread.State.WAITING, stack);
        assertThat(s).isNotNull();
        assertThat(s.blockedIn()).isEqualTo("CompletableFuture.join");
        assertThat(s.callback()).isEqualTo("a task of its own thread (Thread.run)");
    }

    @Test
    void aJoinInAPublicMethodCalledByTheGraderIsLeftToTheResponsivenessCriterion() {
        StackTraceElement[] stack = concat(JOIN, frame("edu.concurrency.webclient.AsyncWebClient", "get"),
                frame("edu.concurrency.grader.suites.webclient.WebClientHarness", "lambda$call$0"),
                frame("java.util.concurrent.FutureTask", "run"), frame("java.lang.Thread", "run"));
        assertThat(sampler.judge("caller-1", Thread.State.WAITING, stack)).isNull();
    }

    @Test
    void waitingToEnterAReentrantLockInACallbackIsNotBlocking() {
        StackTraceElement[] stack = {
            frame("jdk.internal.misc.Unsafe", "park"),
            frame("java.util.concurrent.locks.LockSupport", "park"),
            frame("java.util.concurrent.locks.AbstractQueuedSynchronizer", "acquire"),
            frame("java.util.concurrent.locks.ReentrantLock$Sync", "lock"),
            frame("java.util.concurrent.locks.ReentrantLock", "lock"),
            frame("edu.concurrency.webclient.AsyncLimiter", "release"),
            frame("java.util.concurrent.CompletableFuture$UniWhenComplete", "tryFire"),
            frame("java.lang.Thread", "run"),
        };
        assertThat(sampler.judge("HttpClient-1-Worker-0", Thread.State.WAITING, stack)).isNull();
    }

    @Test
    void waitingOnAConditionInACallbackIsBlocking() {
        StackTraceElement[] stack = {
            frame("jdk.internal.misc.Unsafe", "park"),
            frame("java.util.concurrent.locks.LockSupport", "park"),
            frame("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", "await"),
            frame("edu.concurrency.webclient.AsyncLimiter", "acquireBlocking"),
            frame("java.util.concurrent.CompletableFuture$UniRun", "tryFire"),
            frame("java.lang.Thread", "run"),
        };
        CallbackSampler.Sighting s = sampler.judge("HttpClient-1-Worker-0", Thread.State.WAITING, stack);
        assertThat(s).isNotNull();
        assertThat(s.callback()).isEqualTo("the CompletableFuture callback CompletableFuture$UniRun.tryFire");
    }
}
