package edu.concurrency.grader.batch;

import java.nio.file.Path;

/** A roster (or scores.csv) that cannot be used: the message names the file, the line and the column. */
public final class RosterException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param file    the CSV file
     * @param line    1-based line of the problem
     * @param column  1-based character column of the problem
     * @param problem what is wrong
     */
    public RosterException(Path file, long line, long column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem);
    }
}
