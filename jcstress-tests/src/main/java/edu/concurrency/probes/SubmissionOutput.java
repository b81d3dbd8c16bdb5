package edu.concurrency.probes;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Keeps what the submission prints out of jcstress: every probe calls {@link #silence()} when it
 * is loaded, which, in a forked jcstress VM only, replaces {@code System.out} and
 * {@code System.err} by streams that drop everything.
 *
 * <p>jcstress's host drains each fork's output into memory and stores it in its result file.
 * A submission that prints on every call (a debugging line of 64 KiB per {@code offer}, say) made
 * that host hold gigabytes, slowed every call on a full pipe until the fork looked stuck, and
 * turned a correct buffer's race probe into a failure. What a submission prints never decides a
 * verdict, so it is dropped at the source. The host itself, whose console the grader reads, is
 * left alone.
 */
public final class SubmissionOutput {
    /** The main class of a VM that jcstress forks to run a probe. */
    private static final String FORKED_MAIN = "org.openjdk.jcstress.ForkedMain";

    private SubmissionOutput() {
    }

    /** In a forked jcstress VM, drops everything printed on {@code System.out} and {@code System.err}. */
    public static void silence() {
        if (System.getProperty("sun.java.command", "").startsWith(FORKED_MAIN)) {
            PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
            System.setOut(nowhere);
            System.setErr(nowhere);
        }
    }
}
