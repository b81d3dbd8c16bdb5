package edu.concurrency.grader.classreport;

import edu.concurrency.grader.report.Status;
import java.util.List;

/**
 * A student's verdicts on every criterion as one table cell instead of one cell per criterion:
 * a string with one ASCII symbol per criterion ({@code +} passed, {@code X} failed, {@code !} error,
 * {@code -} skipped, a space when not graded), set in a monospace font whose letters are spaced to
 * {@value #COLUMN_PX} px, over a background of one coloured band of {@value #COLUMN_PX} px per
 * criterion. It reads like a row of coloured cells under the criteria's columns, in colour and in
 * black and white, and keeps a class of 1,000 students x 50 criteria at about 10,000 table cells
 * instead of 60,000, which is what lets the browser load and sort the table in well under 2 s.
 */
final class VerdictStrip {
    /** The width of one criterion's column, in CSS px. */
    static final int COLUMN_PX = 16;

    private VerdictStrip() {
    }

    /** One symbol per verdict ({@code null}: not graded), for example {@code ++X!-}. */
    static String symbols(List<Status> verdicts) {
        StringBuilder text = new StringBuilder(verdicts.size());
        for (Status v : verdicts) {
            text.append(v == null ? ' ' : switch (v) {
                case PASSED -> '+';
                case FAILED -> 'X';
                case ERROR -> '!';
                case SKIPPED -> '-';
            });
        }
        return text.toString();
    }

    /**
     * The CSS background that colours each verdict's column: a linear gradient with one hard-edged
     * band per run of equal verdicts, in the stylesheet's colours ({@code --vp --vf --ve --vs}).
     */
    static String background(List<Status> verdicts) {
        StringBuilder css = new StringBuilder("background:linear-gradient(to right");
        int start = 0;
        for (int i = 1; i <= verdicts.size(); i++) {
            if (i == verdicts.size() || verdicts.get(i) != verdicts.get(start)) {
                Status v = verdicts.get(start);
                css.append(",var(--v").append(v == null ? "n" : v.label().substring(0, 1)).append(") ")
                        .append(start * COLUMN_PX).append("px ").append(i * COLUMN_PX).append("px");
                start = i;
            }
        }
        return verdicts.isEmpty() ? "" : css.append(')').toString();
    }
}
