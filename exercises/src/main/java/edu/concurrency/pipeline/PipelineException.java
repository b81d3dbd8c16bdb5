package edu.concurrency.pipeline;

/**
 * An input of {@link ProcessPipeline#map(java.util.List)} could not be processed: the stage threw
 * for it, or two worker processes died while running it.
 *
 * <p>Provided by the course; do not change it (the grader uses its own copy).
 */
public class PipelineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int index;

    /**
     * Creates the exception.
     *
     * @param index   the position of the failed input in the list given to {@code map}, from 0
     * @param message what went wrong, for a person to read: the stage's error message, or why
     *                the workers died
     * @param cause   the underlying exception, or null
     * @throws IllegalArgumentException if {@code index < 0}
     */
    public PipelineException(int index, String message, Throwable cause) {
        super(message, cause);
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, but was " + index);
        }
        this.index = index;
    }

    /**
     * The position of the failed input in the list given to {@code map}.
     *
     * @return the index, from 0
     */
    public int index() {
        return index;
    }
}
