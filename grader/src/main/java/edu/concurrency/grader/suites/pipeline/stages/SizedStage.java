package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;

/**
 * Returns an output of a given size that depends on the whole input: input
 * {@code <size>|<payload>}, output {@link #expected(String)}. Used to push MiBs through the pipes.
 */
public final class SizedStage implements Stage {

    /** The input of a task with the given output size and payload. */
    public static String input(int outputSize, String payload) {
        return outputSize + "|" + payload;
    }

    /**
     * The output for {@code input}: its length and hash, then filler characters (including ones
     * that must be escaped) up to the requested size.
     */
    public static String expected(String input) {
        int bar = input.indexOf('|');
        int size = Integer.parseInt(input.substring(0, bar));
        StringBuilder out = new StringBuilder(size + 32);
        out.append(input.length()).append(':').append(Integer.toHexString(input.hashCode())).append(':');
        String filler = "abc\tdef\\ghi\n";
        while (out.length() < size) {
            out.append(filler.charAt(out.length() % filler.length()));
        }
        out.setLength(Math.max(size, 0));
        return out.toString();
    }

    @Override
    public String apply(String input) {
        return expected(input);
    }
}
