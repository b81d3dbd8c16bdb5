package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;
import java.nio.charset.StandardCharsets;

/**
 * Writes a given number of bytes to stderr, then returns a tag: input {@code <bytes>|<tag>},
 * output {@code "[" + tag + "]"}. A parent that never reads a worker's stderr leaves the worker
 * blocked once the pipe (about 64 KiB) is full.
 */
public final class ChattyStage implements Stage {
    private static final byte[] LINE = ("log line of a chatty stage, written to stderr so that its pipe fills up"
            + " unless the parent reads it .........................................................\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** The input of a task that writes {@code bytes} bytes to stderr. */
    public static String input(int bytes, String tag) {
        return bytes + "|" + tag;
    }

    @Override
    public String apply(String input) {
        int bar = input.indexOf('|');
        long left = Long.parseLong(input.substring(0, bar));
        while (left > 0) {
            int n = (int) Math.min(left, LINE.length);
            System.err.write(LINE, 0, n);
            left -= n;
        }
        System.err.flush();
        return TagStage.expected(input.substring(bar + 1));
    }
}
