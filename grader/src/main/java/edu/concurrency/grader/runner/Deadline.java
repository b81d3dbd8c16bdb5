package edu.concurrency.grader.runner;

import java.time.Duration;

/**
 * The end of a submission's total time limit ({@code --submission-timeout}, after the timeout
 * factor), on the {@link System#nanoTime()} clock, and the words for criteria it cuts off.
 *
 * @param startNanos {@link System#nanoTime()} when grading started
 * @param limit      the total time the submission may use, already scaled by the timeout factor
 */
public record Deadline(long startNanos, Duration limit) {

    /** Start of the feedback of a criterion that was not started because the limit was used up. */
    public static final String NOT_RUN = "Not run: the submission used up its total time limit";
    /** Start of the feedback of a criterion that was stopped because the limit was used up. */
    public static final String NOT_FINISHED = "Not finished: the submission used up its total time limit";

    /**
     * @throws IllegalArgumentException when {@code limit} is null, zero or negative
     */
    public Deadline {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the total time limit must be positive: " + limit);
        }
    }

    /**
     * A deadline {@code limit} from now.
     *
     * @throws IllegalArgumentException when {@code limit} is null, zero or negative
     */
    public static Deadline after(Duration limit) {
        return new Deadline(System.nanoTime(), limit);
    }

    /** Time left before the deadline; zero or negative once it passed. */
    public Duration remaining() {
        return limit.minusNanos(System.nanoTime() - startNanos);
    }

    /** Whether the deadline has passed. */
    public boolean passed() {
        return remaining().isNegative() || remaining().isZero();
    }

    /** The limit in whole seconds, rounded up, as the feedback shows it. */
    public long limitSeconds() {
        return (limit.toMillis() + 999) / 1000;
    }

    /** Feedback for a criterion not started because the limit was used up. */
    public String notRun() {
        return NOT_RUN + " of " + limitSeconds() + " s (after the timeout factor); earlier criteria hung or were slow";
    }

    /** Feedback for a criterion stopped while it ran because the limit was used up. */
    public String notFinished() {
        return NOT_FINISHED + " of " + limitSeconds() + " s (after the timeout factor) while this criterion ran;"
                + " it was stopped (the threads at that moment are below); earlier criteria hung or were slow";
    }

    /** Feedback for a race criterion whose jcstress run was stopped because the limit was used up. */
    public String notFinishedProbe() {
        return NOT_FINISHED + " of " + limitSeconds() + " s (after the timeout factor) while jcstress ran this"
                + " criterion's probes; earlier criteria hung or were slow";
    }

    /** Whether {@code feedback} says a criterion was cut off by this limit. */
    public static boolean cutOff(String feedback) {
        return feedback != null && (feedback.startsWith(NOT_RUN) || feedback.startsWith(NOT_FINISHED));
    }
}
