package edu.concurrency.grader.it;

/** The multi-process pipeline exercise graded end to end (issue budget: 45 s per grading). */
class PipelineGradingIT extends ExerciseGradingContract {
    PipelineGradingIT() {
        super("pipeline", 45);
    }
}
