package edu.concurrency.grader.classreport;

import edu.concurrency.grader.gradebook.ScoreDistribution;
import edu.concurrency.grader.report.HtmlPage;
import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of the score histogram, drawn as inline SVG by the template: one bar per bin of
 * {@link ScoreDistribution}, the x axis in percent of the points available (0 to 100), the y axis
 * in students, and a vertical line each for the mean and the median. Coordinates are SVG user
 * units in a {@value #WIDTH} x {@value #HEIGHT} view box.
 *
 * @param bars    one per bin, in order
 * @param ticks   labels of the x axis (every 10 percent)
 * @param maxY    the count at the top of the y axis
 * @param meanX   x of the mean line
 * @param medianX x of the median line
 * @param mean    the mean, percent with one decimal
 * @param median  the median, percent with one decimal
 */
record Histogram(List<Bar> bars, List<Tick> ticks, int maxY, String meanX, String medianX, String mean, String median) {
    static final int WIDTH = 640;
    static final int HEIGHT = 260;
    static final int LEFT = 44;
    static final int RIGHT = 16;
    static final int TOP = 40;
    static final int BOTTOM = 34;

    /**
     * One bar.
     *
     * @param x      left edge
     * @param y      top edge
     * @param width  width
     * @param height height
     * @param count  students in the bin
     * @param label  the bin's range, for example {@code 50–60 %}
     * @param labelX x of the count written above the bar
     * @param labelY y of that count
     */
    record Bar(String x, String y, String width, String height, int count, String label, String labelX, String labelY) {
    }

    /** A label of the x axis at {@code x}. */
    record Tick(String x, int percent) {
    }

    static Histogram of(ScoreDistribution distribution) {
        int maxY = Math.max(1, distribution.bins().stream().mapToInt(ScoreDistribution.Bin::count).max().orElse(1));
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        List<Bar> bars = new ArrayList<>();
        for (ScoreDistribution.Bin bin : distribution.bins()) {
            double x = LEFT + plotWidth * bin.fromPercent() / 100;
            double width = plotWidth * (bin.toPercent() - bin.fromPercent()) / 100;
            double height = plotHeight * bin.count() / maxY;
            double y = TOP + plotHeight - height;
            bars.add(new Bar(n(x + 1), n(y), n(Math.max(0, width - 2)), n(height), bin.count(),
                    (int) bin.fromPercent() + "–" + (int) bin.toPercent() + " %", n(x + width / 2), n(y - 4)));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int p = 0; p <= 100; p += 10) {
            ticks.add(new Tick(n(LEFT + plotWidth * p / 100), p));
        }
        return new Histogram(bars, ticks, maxY, n(LEFT + plotWidth * clamp(distribution.mean()) / 100),
                n(LEFT + plotWidth * clamp(distribution.median()) / 100),
                HtmlPage.oneDecimal(distribution.mean()), HtmlPage.oneDecimal(distribution.median()));
    }

    int width() {
        return WIDTH;
    }

    int height() {
        return HEIGHT;
    }

    int left() {
        return LEFT;
    }

    int top() {
        return TOP;
    }

    int axisY() {
        return HEIGHT - BOTTOM;
    }

    int right() {
        return WIDTH - RIGHT;
    }

    int tickLabelY() {
        return HEIGHT - BOTTOM + 16;
    }

    private static double clamp(double percent) {
        return Math.max(0, Math.min(100, percent));
    }

    private static String n(double value) {
        return HtmlPage.oneDecimal(value);
    }
}
