package edu.concurrency.grader.jcstress;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on one jcstress probe of one grading run.
 *
 * @param probe   the probe's fully qualified class name
 * @param outcome whether the submission passed the probe, failed it, or could not be judged
 * @param summary one line of feedback for the student; for a failure it names the hazard first
 * @param details further lines (observed outcomes with counts, the blocked actors' stacks, the
 *                exception's stack, jcstress's own messages); may be empty
 */
public record ProbeVerdict(String probe, Outcome outcome, String summary, List<String> details) {

    /** What a probe's run says about the submission. */
    public enum Outcome {
        /** jcstress ran the probe and observed no forbidden outcome. */
        PASSED,
        /**
         * The submission is wrong: a forbidden outcome was observed, an actor threw or never
         * returned, or the submission does not match the API the probe calls.
         */
        FAILED,
        /**
         * The grader could not judge: jcstress or its JVM failed for reasons not attributable to
         * the submission, or produced no result. Not the student's fault; an instructor should look.
         */
        ERROR
    }

    /** Validates and copies the arguments. */
    public ProbeVerdict {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(summary, "summary");
        if (summary.contains("\n")) {
            throw new IllegalArgumentException("summary must be one line: " + summary);
        }
        details = List.copyOf(details);
    }

    /** Whether the probe passed. */
    public boolean passed() {
        return outcome == Outcome.PASSED;
    }
}
