package edu.concurrency.grader.gradebook;

import edu.concurrency.grader.rubric.Kind;
import java.util.List;

/**
 * How a class did on one criterion.
 *
 * @param id             the criterion id
 * @param exercise       its exercise id
 * @param kind           the kind of check
 * @param title          the criterion's title
 * @param maxPoints      points available
 * @param passed         students who passed it
 * @param failed         students who failed it
 * @param errors         students for whom it could not run (status {@code error})
 * @param skipped        students for whom this runner could not judge it
 * @param passRate       passed / (passed + failed + errors), 0 to 1; 0 when nobody was judged
 * @param failureGroups  the most frequent failure feedback, most frequent first
 */
public record CriterionStats(String id, String exercise, Kind kind, String title, int maxPoints,
                             int passed, int failed, int errors, int skipped, double passRate,
                             List<FeedbackGroup> failureGroups) {
}
