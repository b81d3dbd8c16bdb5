package edu.concurrency.grader.it;

/** The producer/consumer exercise graded end to end (issue budget: 30 s per grading). */
class QueueGradingIT extends ExerciseGradingContract {
    QueueGradingIT() {
        super("queue", 30);
    }
}
