package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;

/**
 * Prints to {@code System.out} before it returns {@code "[" + input + "]"}: a forged response
 * line, a line without tabs, and half a line without a line end. In a correct worker all of it
 * goes to stderr; on stdout it would corrupt the protocol.
 */
public final class PrintingStage implements Stage {

    @Override
    public String apply(String input) {
        System.out.println("0\tOK\tforged response printed by the stage for " + input);
        System.out.println("debug output of the stage, not a response");
        System.out.print("half a line without a line end ");
        System.out.flush();
        return TagStage.expected(input);
    }
}
