package edu.concurrency.grader.it;

/** The async web client exercise graded end to end (budget: 20 s per grading). */
class WebClientGradingIT extends ExerciseGradingContract {
    WebClientGradingIT() {
        super("webclient", 20);
    }
}
