package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;

/** Returns {@code <pid of the process that ran it>|<input>}: shows where the stage ran. */
public final class PidStage implements Stage {

    /** The pid in an output of this stage. */
    public static long pidOf(String output) {
        return Long.parseLong(output.substring(0, output.indexOf('|')));
    }

    /** The input in an output of this stage. */
    public static String inputOf(String output) {
        return output.substring(output.indexOf('|') + 1);
    }

    @Override
    public String apply(String input) {
        return ProcessHandle.current().pid() + "|" + input;
    }
}
