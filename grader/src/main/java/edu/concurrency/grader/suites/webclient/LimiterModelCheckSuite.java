package edu.concurrency.grader.suites.webclient;

import edu.concurrency.grader.suites.support.modelcheck.ModelCheckSuites;
import edu.concurrency.grader.suites.support.modelcheck.ModelChecker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Model checks of {@code AsyncLimiter}'s non-blocking operations for the race criteria
 * {@code webclient.race.acquire} and {@code webclient.race.release}: one test per criterion, the
 * operations and initial state of its jcstress probe ({@link LimiterModels}).
 */
@DisplayName("AsyncLimiter under the model checker")
public class LimiterModelCheckSuite {

    @Test
    @DisplayName("acquires and availablePermits on a limiter with 1 permit")
    void acquires() {
        ModelCheckSuites.check(new ModelChecker(LimiterModels.Acquires.class, LimiterModels.AcquiresSpec.class, 4, 100, 2, 0),
                "acquires and availablePermits() on a limiter with 1 permit");
    }

    @Test
    @DisplayName("a release racing acquires on a limiter whose permit is held")
    void releaseAcquire() {
        ModelCheckSuites.check(new ModelChecker(LimiterModels.ReleaseAcquire.class, LimiterModels.ReleaseAcquireSpec.class,
                        4, 100, 2, 1),
                "a release racing acquires on a limiter whose only permit is held");
    }
}
