package edu.concurrency.grader.process;

/**
 * What a process wrote on one stream, cut to a bounded size.
 *
 * @param text       the first and last bytes written (UTF-8, decoded leniently); when
 *                   {@code truncated}, a marker line stands between them
 * @param totalBytes how many bytes the process wrote in all
 * @param truncated  true when {@code text} does not hold everything written
 */
public record CapturedOutput(String text, long totalBytes, boolean truncated) {

    /** No output at all. */
    public static final CapturedOutput EMPTY = new CapturedOutput("", 0, false);
}
