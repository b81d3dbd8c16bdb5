package edu.concurrency.grader.batch;

/**
 * A student as the instructor knows them, from a roster or from Classroom 50's {@code scores.csv}.
 *
 * @param student the identifier (the GitHub username where the roster has one)
 * @param name    full name, or null
 * @param email   e-mail address, or null
 * @param section section, or null
 */
public record RosterEntry(String student, String name, String email, String section) {
}
