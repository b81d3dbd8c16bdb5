package edu.concurrency.grader.fork;

import edu.concurrency.grader.verdict.SuiteOutcome;

/**
 * One line of a fork's results file.
 *
 * @param type    {@code start} when a criterion begins, {@code result} when its verdict is known
 * @param id      the criterion id
 * @param outcome the verdict, for {@code result} events
 */
public record ForkEvent(String type, String id, SuiteOutcome outcome) {
    public static final String START = "start";
    public static final String RESULT = "result";
}
