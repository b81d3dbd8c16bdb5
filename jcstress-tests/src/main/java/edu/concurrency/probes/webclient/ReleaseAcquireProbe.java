package edu.concurrency.probes.webclient;

import edu.concurrency.probes.SubmissionOutput;
import edu.concurrency.webclient.AsyncLimiter;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * One thread {@code release()}s the only permit of an {@code AsyncLimiter(1)} while another
 * {@code acquire()}s it: whichever comes first, the acquirer must end up with the permit (at once,
 * or handed over by the release), and the permit must not also be free (nor the count negative).
 *
 * <p>Result: {@code r1} = 1 if the acquirer's future was completed when {@code acquire()}
 * returned; {@code r2} = 1 if it is completed after both actors returned (arbiter); {@code r3} =
 * {@code availablePermits()} after both (arbiter).
 *
 * <p>Catches a release that frees the permit while an acquire is queueing itself (the waiter was
 * added after the release looked for waiters, but the acquire saw no free permit before the
 * release freed it): the waiter then waits forever although a permit is free.
 */
@JCStressTest
@State
@Description("A release racing an acquire on AsyncLimiter(1): the permit reaches the acquirer, exactly once.")
@Outcome(id = {"1, 1, 0", "0, 1, 0"}, expect = Expect.ACCEPTABLE,
        desc = "The acquirer got the permit, at once or handed over by the release; no permit is free.")
@Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN,
        desc = "Lost permit (lost wakeup): the acquire was queued and the concurrent release did not hand the"
                + " permit to it; the waiter would wait forever.")
@Outcome(id = ".*, -.*", expect = Expect.FORBIDDEN,
        desc = "Race condition: availablePermits() was negative after a release racing an acquire.")
@Outcome(id = ".*, 1, 1", expect = Expect.FORBIDDEN,
        desc = "Race condition: the acquirer got the permit and the permit is also free (counted twice).")
@Outcome(expect = Expect.FORBIDDEN,
        desc = "Race condition: inconsistent permits after a release racing an acquire.")
public class ReleaseAcquireProbe {

    static {
        SubmissionOutput.silence(); // what the submission prints never reaches jcstress
    }

    private final AsyncLimiter limiter;
    private CompletableFuture<Void> acquired;

    /** A limiter whose only permit is taken. */
    public ReleaseAcquireProbe() {
        limiter = new AsyncLimiter(1);
        limiter.acquire();
    }

    /** The holder gives the permit back. */
    @Actor
    public void release() {
        limiter.release();
    }

    /** Another task asks for it. */
    @Actor
    public void acquire(III_Result r) {
        acquired = limiter.acquire();
        r.r1 = acquired.isDone() ? 1 : 0;
    }

    /** Where the permit ended up once both actors returned. */
    @Arbiter
    public void where(III_Result r) {
        r.r2 = acquired.isDone() ? 1 : 0;
        r.r3 = limiter.availablePermits();
    }
}
