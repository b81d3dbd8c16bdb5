package edu.concurrency.grader.classroom;

/**
 * {@code report.md} cut to what the body of a GitHub release holds, for Classroom 50's
 * {@code release-body.md}: GitHub refuses a release body longer than 125,000 characters, and
 * Classroom 50's runner may append a note of its own (the files its {@code allowed_files} removed).
 * A cut falls on a line break; an open code block and open {@code <details>} sections are closed,
 * and {@link #CUT_MARK} says what happened and where the whole report is.
 */
final class ReleaseBody {
    /** The longest body written, in characters: GitHub's limit less room for the runner's own note. */
    static final int MAX_CHARS = 100_000;
    /** Starts the note that ends a cut body. */
    static final String CUT_MARK = "**... cut**";
    private static final String FENCE = "```";

    private ReleaseBody() {
    }

    /**
     * {@code markdown}, or, when it is longer than {@code limit} characters, its first lines, then
     * the closing of what they left open, then a note starting with {@value #CUT_MARK}: at most
     * {@code limit} characters in all.
     *
     * @throws IllegalArgumentException when {@code limit} leaves no room for the note
     */
    static String fit(String markdown, int limit) {
        if (markdown.length() <= limit) {
            return markdown;
        }
        String note = "\n\n---\n\n" + CUT_MARK + ": the report has " + markdown.length()
                + " characters, more than a release shows; this is its beginning. Run `mvn verify` in your repository"
                + " to see the whole report of the criteria you are shown; your instructor has all of it"
                + " (`grading-report/report.md` of the grading run).\n";
        for (int budget = limit - note.length(); budget > 0; ) {
            int end = markdown.lastIndexOf('\n', budget);
            if (end <= 0) {
                end = Character.isHighSurrogate(markdown.charAt(budget - 1)) ? budget - 1 : budget;
            }
            String head = markdown.substring(0, end);
            StringBuilder body = new StringBuilder(head);
            if (openFence(head)) {
                body.append('\n').append(FENCE);
            }
            body.append("\n\n</details>".repeat(countOpenDetails(head))).append(note);
            if (body.length() <= limit) {
                return body.toString();
            }
            budget = Math.min(end, budget) - (body.length() - limit);
        }
        throw new IllegalArgumentException("a limit of " + limit + " characters leaves no room for the note");
    }

    /** Whether {@code text} ends inside a fenced code block (an odd number of fence lines). */
    private static boolean openFence(String text) {
        return text.lines().filter(l -> l.strip().startsWith(FENCE)).count() % 2 == 1;
    }

    /** How many {@code <details>} sections {@code text} opens and does not close. */
    private static int countOpenDetails(String text) {
        return Math.max(0, occurrences(text, "<details>") - occurrences(text, "</details>"));
    }

    private static int occurrences(String text, String what) {
        int count = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            count++;
        }
        return count;
    }
}
