package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;

/** The trivial stage: returns {@code "[" + input + "]"}, so an output can be told from its input. */
public final class TagStage implements Stage {

    /** The output this stage gives for {@code input}. */
    public static String expected(String input) {
        return "[" + input + "]";
    }

    @Override
    public String apply(String input) {
        return expected(input);
    }
}
