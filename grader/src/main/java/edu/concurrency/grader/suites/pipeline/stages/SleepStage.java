package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;

/**
 * Takes a given time, then returns a tag: input {@code <millis>|<tag>}, output {@code <tag>}.
 * Models tasks of varying duration; the sleep stands for work, it synchronises nothing.
 */
public final class SleepStage implements Stage {

    /** The input for a task that takes {@code millis} ms and answers {@code tag}. */
    public static String input(long millis, String tag) {
        return millis + "|" + tag;
    }

    @Override
    public String apply(String input) throws InterruptedException {
        int bar = input.indexOf('|');
        Thread.sleep(Long.parseLong(input.substring(0, bar)));
        return input.substring(bar + 1);
    }
}
