package edu.concurrency.grader.batch;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of N shards of a class ({@code --shard K/N}): the students whose position in the list sorted
 * by identifier, counted from 0, is {@code K-1} modulo {@code N}. Every student is in exactly one
 * shard, the shards differ in size by at most one, and the split depends only on the students.
 *
 * @param index 1-based shard number K
 * @param count number of shards N
 */
public record Shard(int index, int count) {
    /** The most shards: GitHub Actions runs at most 256 jobs of one matrix. */
    public static final int MAX_COUNT = 256;
    private static final Pattern FORM = Pattern.compile("(\\d{1,4})/(\\d{1,4})");

    /** The whole class, one shard. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || count > MAX_COUNT || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is K/N with 1 <= K <= N <= " + MAX_COUNT + ", not " + index + "/" + count);
        }
    }

    /**
     * Parses {@code K/N}.
     *
     * @throws IllegalArgumentException when it is not of that form or out of range
     */
    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--shard takes K/N (for example 2/4), not '" + text + "'");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** This shard's students of {@code students}, which must be sorted. */
    public <T> List<T> select(List<T> sortedStudents) {
        List<T> mine = new java.util.ArrayList<>();
        for (int i = index - 1; i < sortedStudents.size(); i += count) {
            mine.add(sortedStudents.get(i));
        }
        return List.copyOf(mine);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
