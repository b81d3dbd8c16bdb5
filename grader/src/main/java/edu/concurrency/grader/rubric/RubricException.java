package edu.concurrency.grader.rubric;

/** The rubric file cannot be read or is inconsistent; the message says where. */
public class RubricException extends RuntimeException {
    public RubricException(String message, Throwable cause) {
        super(message, cause);
    }

    public RubricException(String message) {
        super(message);
    }
}
