package edu.concurrency.grader.gradebook;

import java.util.List;

/**
 * Failure feedback that several students got for one criterion, grouped the way Artemis groups
 * similar feedback: identical first lines once every number is replaced by {@code #}.
 *
 * @param feedback the first line of the feedback, numbers replaced by {@code #}
 * @param hazard   the hazard the feedback names (for example {@code Lost wakeup}), or {@code null}
 * @param count    how many students got it
 * @param students their identifiers, sorted
 */
public record FeedbackGroup(String feedback, String hazard, int count, List<String> students) {
}
