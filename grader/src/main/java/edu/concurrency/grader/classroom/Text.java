package edu.concurrency.grader.classroom;

/** Cutting feedback to a length a results file can carry. */
final class Text {
    /** Appended to cut text. */
    static final String CUT_MARK = " [... cut: the full feedback is in report.md, the step summary on GitHub]";

    private Text() {
    }

    /**
     * {@code text}, cut to at most {@code limit} characters (the mark included) without splitting a
     * surrogate pair; the empty string for a limit of 0.
     */
    static String cut(String text, int limit) {
        if (text == null || limit <= 0) {
            return "";
        }
        if (text.length() <= limit) {
            return text;
        }
        String mark = limit <= CUT_MARK.length() + 10 ? "…" : CUT_MARK;
        int end = limit - mark.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + mark;
    }
}
