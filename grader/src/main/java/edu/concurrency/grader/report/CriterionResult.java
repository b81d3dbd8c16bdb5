package edu.concurrency.grader.report;

import edu.concurrency.grader.rubric.Kind;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one criterion, as reported.
 *
 * @param id             the criterion id
 * @param exercise       the exercise id
 * @param kind           the kind of check
 * @param title          the criterion's title
 * @param points         points earned
 * @param maxPoints      points available
 * @param status         passed, failed, error or skipped
 * @param feedback       one line: the hazard, expected vs actual, and where
 * @param details        the longer story: every failed check, compiler messages, thread dumps
 * @param measurements   figures measured (performance criteria), key to value
 * @param durationMillis wall time spent on the criterion, in ms
 * @param hidden         students see the score but not the feedback
 */
public record CriterionResult(String id, String exercise, Kind kind, String title, int points, int maxPoints,
                              Status status, String feedback, List<String> details,
                              Map<String, String> measurements, long durationMillis, boolean hidden) {

    public CriterionResult {
        details = details == null ? List.of() : List.copyOf(details);
        measurements = measurements == null ? Map.of() : Map.copyOf(measurements);
    }
}
