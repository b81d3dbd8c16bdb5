package edu.concurrency.grader.it;

import org.junit.jupiter.api.Tag;

/** The multi-process pipeline exercise graded end to end (budget: 20 s per grading). */
@Tag("pipeline")
class PipelineGradingIT extends ExerciseGradingContract {
    PipelineGradingIT() {
        super("pipeline", 20);
    }
}
