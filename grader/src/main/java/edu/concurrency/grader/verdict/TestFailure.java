package edu.concurrency.grader.verdict;

/**
 * One failed check, as a student should read it.
 *
 * @param test     the check's display name
 * @param message  what was expected and what was observed
 * @param location {@code File.java:LINE} of the submission's code involved, or null when unknown
 */
public record TestFailure(String test, String message, String location) {

    /** One line: the check, the first line of the message, and the location. */
    public String oneLine() {
        String first = message == null ? "" : message.strip().lines().findFirst().orElse("");
        return test + ": " + first + (location == null ? "" : " (at " + location + ")");
    }
}
