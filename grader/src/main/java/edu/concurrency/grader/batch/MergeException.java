package edu.concurrency.grader.batch;

/** Batch outputs that must not be merged: different rubrics or grader versions, or a student twice. */
public final class MergeException extends Exception {
    private static final long serialVersionUID = 1L;

    public MergeException(String message) {
        super(message);
    }
}
