package edu.concurrency.grader.batch;

import edu.concurrency.grader.gradebook.CriterionStats;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.rubric.Rubric;
import java.util.List;

/**
 * A criterion as a class's outputs list it: a column of the gradebook and an entry of
 * {@code summary.json}.
 *
 * @param id        the criterion id
 * @param exercise  its exercise
 * @param kind      its kind
 * @param title     its title
 * @param maxPoints points available
 */
public record CriterionInfo(String id, String exercise, Kind kind, String title, int maxPoints) {

    /** The criteria of {@code rubric}, in rubric order. */
    public static List<CriterionInfo> of(Rubric rubric) {
        return rubric.exercises().stream().flatMap((Exercise e) -> e.criteria().stream()
                .map(c -> new CriterionInfo(c.id(), e.id(), c.kind(), c.title(), c.points()))).toList();
    }

    /** The criteria listed by a class summary, in its order. */
    public static List<CriterionInfo> of(List<CriterionStats> stats) {
        return stats.stream().map(s -> new CriterionInfo(s.id(), s.exercise(), s.kind(), s.title(), s.maxPoints())).toList();
    }
}
