package edu.concurrency.grader.sandbox;

import java.util.Locale;

/** What {@code --sandbox} asks for. */
public enum SandboxMode {
    /** bubblewrap when a trial run works on this machine, else the isolation without it. */
    AUTO,
    /** bubblewrap, or the grading fails: for CI, which must not fall back silently. */
    BWRAP,
    /** No sandbox: the submission runs with the grader's user's files, network and process table. */
    NONE;

    /**
     * The mode named {@code text} ({@code auto}, {@code bwrap} or {@code none}, any case).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static SandboxMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sandbox must be auto, bwrap or none, not '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
