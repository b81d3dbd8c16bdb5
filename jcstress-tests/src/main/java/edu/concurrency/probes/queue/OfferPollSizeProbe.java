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
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * One thread offers 2 while another polls, on a buffer of capacity 2 that holds the element 1:
 * the offer must succeed, the poll must get 1, and afterwards the buffer holds exactly the
 * element 2.
 *
 * <p>Result: {@code r1} = {@code offer(2)} (1 for true, 0 for false); {@code r2} = what
 * {@code poll()} returned ({@code null} recorded as 0); {@code r3} = {@code size()} read by the
 * polling thread right after its poll (0 or 1 depending on whether the offer already happened);
 * {@code r4} = {@code size()} after both (arbiter); {@code r5} = the element the arbiter then
 * polls.
 *
 * <p>Catches an offer and a poll that update the shared count (or indices, or slots) without
 * holding the same lock: {@code count++} and {@code count--} interleave and one update is lost.
 */
@JCStressTest
@State
@Description("One thread offers 2 while another polls a BoundedBuffer of capacity 2 holding the element 1."
        + " Outcome = (offer returned: 1 = true, poll returned, size() right after the poll, size() afterwards,"
        + " the element left); null is shown as 0.")
@Outcome(id = "1, 1, [01], 1, 2", expect = Expect.ACCEPTABLE,
        desc = "The offer succeeded, the poll got the older element, and one element (the new one) remains.")
@Outcome(id = "0, .*", expect = Expect.FORBIDDEN,
        desc = "Race condition: offer returned false although the buffer (capacity 2) held only one"
                + " element while a poll ran concurrently.")
@Outcome(id = "1, 0, .*", expect = Expect.FORBIDDEN,
        desc = "Race condition: poll returned null although the buffer held an element while an"
                + " offer ran concurrently.")
@Outcome(id = "1, 2, .*", expect = Expect.FORBIDDEN,
        desc = "Race condition: poll returned the element being offered concurrently instead of the"
                + " older one (FIFO order broken: slots or indices are updated without the lock).")
@Outcome(id = "1, 1, [01], 1, (?!2$).*", expect = Expect.FORBIDDEN,
        desc = "Lost element: size() is 1 but the element offered concurrently with a poll is not"
                + " in the buffer (a slot was written or cleared without the lock).")
@Outcome(expect = Expect.FORBIDDEN,
        desc = "Lost update: after one offer and one poll on a buffer holding one element, size() was"
                + " not 0 or 1 right after the poll, or not 1 at the end (offer and poll change the count"
                + " without holding the same lock, so one update overwrote the other).")
public class OfferPollSizeProbe {

    static {
        SubmissionOutput.silence(); // what the submission prints never reaches jcstress
    }

    private final BoundedBuffer<Integer> buffer;

    /** A buffer of capacity 2 holding the element 1. */
    public OfferPollSizeProbe() {
        buffer = new BoundedBuffer<>(2);
        buffer.offer(1);
    }

    /** The producer. */
    @Actor
    public void offer(IIIII_Result r) {
        r.r1 = buffer.offer(2) ? 1 : 0;
    }

    /** The consumer, which also reads the size right after its poll. */
    @Actor
    public void pollThenSize(IIIII_Result r) {
        r.r2 = valueOf(buffer.poll());
        r.r3 = buffer.size();
    }

    /** Reads the size and the remaining element once both actors returned. */
    @Arbiter
    public void sizeAndRest(IIIII_Result r) {
        r.r4 = buffer.size();
        r.r5 = valueOf(buffer.poll());
    }

    private static int valueOf(Integer polled) {
        return polled == null ? 0 : polled;
    }
}
