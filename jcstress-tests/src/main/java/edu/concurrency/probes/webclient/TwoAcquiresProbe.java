package edu.concurrency.probes.webclient;

import edu.concurrency.probes.SubmissionOutput;
import edu.concurrency.webclient.AsyncLimiter;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * Two threads {@code acquire()} the only permit of a fresh {@code AsyncLimiter(1)}: exactly one
 * future must be completed at once, the other must wait; and {@code availablePermits()} must read
 * 0 afterwards, in both threads and at the end: never negative.
 *
 * <p>Result: {@code r1}, {@code r2} = 1 if the future each {@code acquire()} returned was already
 * completed, else 0; {@code r3}, {@code r4} = {@code availablePermits()} read by each thread right
 * after its own {@code acquire()}; {@code r5} = {@code availablePermits()} after both (arbiter).
 *
 * <p>Catches the check-then-act race of an {@code acquire} that tests "is a permit free?" and
 * takes it in two steps without a lock or a compare-and-set: both threads take the permit, and
 * the count of free permits goes to -1.
 */
@JCStressTest
@State
@Description("Two acquires of the one permit of an AsyncLimiter(1): exactly one completes at once; availablePermits() is never negative.")
@Outcome(id = {"1, 0, 0, 0, 0", "0, 1, 0, 0, 0"}, expect = Expect.ACCEPTABLE,
        desc = "Exactly one acquire got the permit at once; the other waits; no permit is free.")
@Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN,
        desc = "Race condition: both acquires got the one permit at once (check-then-act: both threads saw"
                + " the permit free before either took it), so the limit was exceeded.")
@Outcome(id = ".*-.*", expect = Expect.FORBIDDEN,
        desc = "Race condition: availablePermits() was negative (two acquires both took the one permit: the"
                + " count is decremented without a lock or compare-and-set).")
@Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN,
        desc = "Lost permit: neither acquire got the free permit at once (both were queued although one permit"
                + " was free).")
@Outcome(expect = Expect.FORBIDDEN,
        desc = "Lost update: exactly one acquire got the permit, but availablePermits() did not read 0 afterwards"
                + " (the count of free permits is published late or changed without a lock or compare-and-set).")
public class TwoAcquiresProbe {

    static {
        SubmissionOutput.silence(); // what the submission prints never reaches jcstress
    }

    private final AsyncLimiter limiter = new AsyncLimiter(1);

    /** First task: acquire, then look at the free permits. */
    @Actor
    public void acquire1(IIIII_Result r) {
        r.r1 = limiter.acquire().isDone() ? 1 : 0;
        r.r3 = limiter.availablePermits();
    }

    /** Second task: the same. */
    @Actor
    public void acquire2(IIIII_Result r) {
        r.r2 = limiter.acquire().isDone() ? 1 : 0;
        r.r4 = limiter.availablePermits();
    }

    /** Reads the free permits once both acquires returned. */
    @Arbiter
    public void available(IIIII_Result r) {
        r.r5 = limiter.availablePermits();
    }
}
