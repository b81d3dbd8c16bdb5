package edu.concurrency.grader.it;

/** The multi-process pipeline exercise graded end to end (budget: 20 s per grading). */
class PipelineGradingIT extends ExerciseGradingContract {
    PipelineGradingIT() {
        super("pipeline", 20);
    }
}
