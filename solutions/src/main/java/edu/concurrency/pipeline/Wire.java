package edu.concurrency.pipeline;

/**
 * The wire protocol's escaping, shared by both ends: in a payload, backslash, tab, LF and CR are
 * written as {@code \\}, {@code \t}, {@code \n} and {@code \r}, so that a message is exactly one
 * line and its fields are separated by raw tabs.
 */
final class Wire {
    static final String OK = "OK";
    static final String ERR = "ERR";

    private Wire() {
    }

    /** Appends {@code text}, escaped, to {@code out}. */
    static StringBuilder escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    /** {@code text} escaped. */
    static String escape(String text) {
        return escape(text, new StringBuilder(text.length() + 16)).toString();
    }

    /**
     * Undoes {@link #escape}.
     *
     * @throws IllegalArgumentException for a raw tab, LF or CR, or a backslash followed by
     *                                  anything else than {@code \ t n r}
     */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0 && text.indexOf('\t') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                throw new IllegalArgumentException("a raw tab or line break at position " + i + " of a payload");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == text.length()) {
                throw new IllegalArgumentException("a lone backslash at the end of a payload");
            }
            switch (text.charAt(i)) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                default -> throw new IllegalArgumentException("an unknown escape \\" + text.charAt(i)
                        + " at position " + (i - 1) + " of a payload");
            }
        }
        return out.toString();
    }
}
