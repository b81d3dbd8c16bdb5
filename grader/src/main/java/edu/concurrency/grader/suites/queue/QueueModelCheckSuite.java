package edu.concurrency.grader.suites.queue;

import edu.concurrency.grader.suites.support.modelcheck.ModelCheckSuites;
import edu.concurrency.grader.suites.support.modelcheck.ModelChecker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Model checks of {@code BoundedBuffer} for the race criteria {@code queue.race.offer},
 * {@code queue.race.poll} and {@code queue.race.size}: one test per criterion, the operations and
 * initial state of its jcstress probe ({@link BufferModels}). Budgets are the smallest that found
 * the races of the test submissions (unsynchronized-offer, poll-split-critical-section) every time:
 * the two-operation scenarios have one shape, so one scenario suffices.
 */
@DisplayName("BoundedBuffer under the model checker")
public class QueueModelCheckSuite {

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
}
