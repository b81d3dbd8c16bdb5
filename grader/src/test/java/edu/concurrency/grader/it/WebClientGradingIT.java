package edu.concurrency.grader.it;

import org.junit.jupiter.api.Tag;

/** The async web client exercise graded end to end (budget: 20 s per grading). */
@Tag("webclient")
class WebClientGradingIT extends ExerciseGradingContract {
    WebClientGradingIT() {
        super("webclient", 20);
    }
}
