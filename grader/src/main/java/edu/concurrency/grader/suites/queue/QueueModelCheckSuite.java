package edu.concurrency.grader.suites.queue;

import edu.concurrency.grader.suites.support.modelcheck.ModelCheckSuites;
import edu.concurrency.grader.suites.support.modelcheck.ModelChecker.Call;
import edu.concurrency.grader.suites.support.modelcheck.ModelChecker;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Model checks of {@code BoundedBuffer} for the race criteria {@code queue.race.offer},
 * {@code queue.race.poll} and {@code queue.race.size}: one test per criterion, the operations and
 * initial state of its jcstress probe ({@link BufferModels}). Budgets are the smallest that found
 * the races of the test submissions (unsynchronized-offer, poll-split-critical-section) every time:
 * the two-operation scenarios have one shape, so one scenario suffices.
 *
 * <p>{@link #putTake()} is the model check of {@code queue.stress}, run only when that criterion
 * failed, to show how: two fixed scenarios of the blocking {@code put} and {@code take} in which
 * every operation can complete, whatever the interleaving, in a correct buffer, and in which a
 * thread that waits is woken and then overtaken by the thread that woke it, so that a woken thread
 * that does not re-check its condition ({@code if} instead of {@code while}) takes from an empty
 * buffer or puts into a full one.
 */
@DisplayName("BoundedBuffer under the model checker")
public class QueueModelCheckSuite {
    /** Interleavings of each put/take scenario. */
    private static final int PUT_TAKE_INVOCATIONS = 200;
    /** The typical cause of put/take results no one-at-a-time order gives. */
    private static final String WOKEN = "a race: a woken thread that acts on a check made before it waited (if"
            + " instead of while around wait()), or state changed without the lock";

    @Test
    @DisplayName("two offers into an empty buffer of capacity 1")
    void offers() {
        ModelCheckSuites.check(new ModelChecker(BufferModels.Offers.class, BufferModels.OffersSpec.class, 1, 200, 1, 0),
                "two offers into an empty buffer of capacity 1");
    }

    @Test
    @DisplayName("two polls of a buffer holding one element")
    void polls() {
        ModelCheckSuites.check(new ModelChecker(BufferModels.Polls.class, BufferModels.PollsSpec.class, 1, 200, 1, 0),
                "two polls of a buffer holding one element");
    }

    @Test
    @DisplayName("offers, polls and sizes on a buffer of capacity 2 holding one element")
    void offerPollSize() {
        ModelCheckSuites.check(new ModelChecker(BufferModels.OfferPollSize.class, BufferModels.OfferPollSizeSpec.class,
                        4, 100, 2, 1),
                "offers, polls and sizes on a buffer of capacity 2 holding one element");
    }

    @Test
    @DisplayName("put and take, which wait, on an empty buffer of capacity 2 and a full buffer of capacity 1")
    void putTake() {
        // a take waits on the empty buffer; the other thread puts (waking it) and takes the element
        // back before the woken take runs again; the puts after the takes let every operation end
        ModelCheckSuites.check(ModelChecker.scenario(BufferModels.PutTakeEmpty.class, BufferModels.PutTakeEmptySpec.class,
                        PUT_TAKE_INVOCATIONS, List.of(
                                List.of(Call.of("take"), Call.of("put", 9)),
                                List.of(Call.of("put", 1), Call.of("take"), Call.of("put", 2)))),
                "take and put against put, take and put on an empty buffer of capacity 2", WOKEN);
        // a put waits on the full buffer; the other thread takes (waking it) and puts again first
        ModelCheckSuites.check(ModelChecker.scenario(BufferModels.PutTakeFull.class, BufferModels.PutTakeFullSpec.class,
                        PUT_TAKE_INVOCATIONS, List.of(
                                List.of(Call.of("put", 5), Call.of("take")),
                                List.of(Call.of("take"), Call.of("put", 6), Call.of("take")))),
                "put and take against take, put and take on a full buffer of capacity 1", WOKEN);
    }
}
