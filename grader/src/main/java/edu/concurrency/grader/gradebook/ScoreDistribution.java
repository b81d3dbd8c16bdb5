package edu.concurrency.grader.gradebook;

import java.util.List;

/**
 * The spread of the class's scores, in percent of the points available, over the students with a
 * submission (missing students are left out).
 *
 * @param mean   mean percent
 * @param median median percent
 * @param bins   the histogram: ten bins of 10 percent, the last one including 100
 */
public record ScoreDistribution(double mean, double median, List<Bin> bins) {

    /**
     * One bar of the histogram.
     *
     * @param fromPercent lower bound, inclusive
     * @param toPercent   upper bound, exclusive (inclusive for the last bin)
     * @param count       students in it
     */
    public record Bin(double fromPercent, double toPercent, int count) {
    }
}
