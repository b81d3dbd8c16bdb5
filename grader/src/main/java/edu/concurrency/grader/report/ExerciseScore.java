package edu.concurrency.grader.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One exercise's part of a report: its criteria in rubric order and its score.
 *
 * @param exercise the exercise id
 * @param score    points earned
 * @param maxScore points available (skipped criteria are not counted)
 * @param criteria its criteria, in rubric order
 */
record ExerciseScore(String exercise, int score, int maxScore, List<CriterionResult> criteria) {

    /** The exercises of {@code report}, in the order their first criterion appears. */
    static List<ExerciseScore> of(Report report) {
        Map<String, List<CriterionResult>> byExercise = new LinkedHashMap<>();
        report.criteria().forEach(c -> byExercise.computeIfAbsent(c.exercise(), k -> new ArrayList<>()).add(c));
        List<ExerciseScore> exercises = new ArrayList<>();
        byExercise.forEach((exercise, criteria) -> exercises.add(new ExerciseScore(exercise,
                criteria.stream().mapToInt(CriterionResult::points).sum(),
                criteria.stream().filter(c -> c.status() != Status.SKIPPED).mapToInt(CriterionResult::maxPoints).sum(),
                List.copyOf(criteria))));
        return exercises;
    }
}
