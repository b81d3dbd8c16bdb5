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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads {@code poll} a buffer that holds a single element (42): exactly one must get it,
 * the other must get {@code null}, and the buffer must then be empty.
 *
 * <p>Result: {@code r1}, {@code r2} = what each {@code poll} returned ({@code null} recorded as
 * 0); {@code r3} = {@code size()} after both (arbiter).
 *
 * <p>Catches a {@code poll} that checks "is there an element?" and removes it without holding the
 * buffer's lock for both steps: both threads take the same slot (a duplicate delivery), or one
 * reads the slot after the other cleared it and the count goes wrong.
 */
@JCStressTest
@State
@Description("Two threads poll a BoundedBuffer of capacity 1 holding the element 42; exactly one must get it."
        + " Outcome = (first poll returned, second poll returned, size() afterwards); null is shown as 0.")
@Outcome(id = {"42, 0, 0", "0, 42, 0"}, expect = Expect.ACCEPTABLE,
        desc = "Exactly one poll got the element; the buffer is empty.")
@Outcome(id = "42, 42, .*", expect = Expect.FORBIDDEN,
        desc = "Race condition: both polls returned the same element (check-then-act without the"
                + " lock: both threads saw it before either removed it), so it was delivered twice.")
@Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN,
        desc = "Race condition: neither poll returned the only element (one saw the buffer non-empty"
                + " but read its slot after the other cleared it, or poll returned null on a"
                + " non-empty buffer): the element was lost.")
@Outcome(expect = Expect.FORBIDDEN,
        desc = "Lost update: exactly one poll got the element but size() afterwards is not 0 (the"
                + " count is changed without holding the lock).")
public class PollPollProbe {

    static {
        SubmissionOutput.silence(); // what the submission prints never reaches jcstress
    }

    private static final int ELEMENT = 42;

    private final BoundedBuffer<Integer> buffer;

    /** A buffer of capacity 1 holding {@value #ELEMENT}. */
    public PollPollProbe() {
        buffer = new BoundedBuffer<>(1);
        buffer.offer(ELEMENT);
    }

    /** First consumer. */
    @Actor
    public void poll1(III_Result r) {
        r.r1 = valueOf(buffer.poll());
    }

    /** Second consumer. */
    @Actor
    public void poll2(III_Result r) {
        r.r2 = valueOf(buffer.poll());
    }

    /** Reads the size once both polls returned. */
    @Arbiter
    public void size(III_Result r) {
        r.r3 = buffer.size();
    }

    private static int valueOf(Integer polled) {
        return polled == null ? 0 : polled;
    }
}
