package edu.concurrency.probes.queue;

import edu.concurrency.probes.SubmissionOutput;
import edu.concurrency.queue.BoundedBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZI_Result;

/**
 * Two threads {@code offer} into an empty buffer of capacity 1: exactly one must succeed, and the
 * buffer must then hold exactly one element.
 *
 * <p>Result: {@code r1}, {@code r2} = what each {@code offer} returned; {@code r3} =
 * {@code size()} after both (arbiter).
 *
 * <p>Catches the classic check-then-act race of an {@code offer} that tests "is there room?" and
 * adds the element without holding the buffer's lock for both steps.
 */
@JCStressTest
@State
@Description("Two threads offer into an empty BoundedBuffer of capacity 1; exactly one offer must succeed."
        + " Outcome = (first offer returned, second offer returned, size() afterwards).")
@Outcome(id = {"true, false, 1", "false, true, 1"}, expect = Expect.ACCEPTABLE,
        desc = "Exactly one offer succeeded and the buffer holds one element.")
@Outcome(id = "true, true, .*", expect = Expect.FORBIDDEN,
        desc = "Race condition: both offers succeeded on a capacity-1 buffer (check-then-act without"
                + " the lock: both threads saw room before either added its element).")
@Outcome(id = "false, false, .*", expect = Expect.FORBIDDEN,
        desc = "Race condition: both offers returned false although the capacity-1 buffer started"
                + " empty (one of them must succeed).")
@Outcome(expect = Expect.FORBIDDEN,
        desc = "Lost update: exactly one offer succeeded but size() afterwards is not 1 (the count"
                + " is changed without holding the lock).")
public class OfferOfferProbe {

    static {
        SubmissionOutput.silence(); // what the submission prints never reaches jcstress
    }

    private final BoundedBuffer<Integer> buffer = new BoundedBuffer<>(1);

    /** First producer. */
    @Actor
    public void offer1(ZZI_Result r) {
        r.r1 = buffer.offer(1);
    }

    /** Second producer. */
    @Actor
    public void offer2(ZZI_Result r) {
        r.r2 = buffer.offer(2);
    }

    /** Reads the size once both offers returned. */
    @Arbiter
    public void size(ZZI_Result r) {
        r.r3 = buffer.size();
    }
}
