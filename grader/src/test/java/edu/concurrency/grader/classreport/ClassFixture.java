package edu.concurrency.grader.classreport;

import edu.concurrency.grader.gradebook.ClassSummary;
import edu.concurrency.grader.gradebook.CriterionStats;
import edu.concurrency.grader.gradebook.FeedbackGroup;
import edu.concurrency.grader.gradebook.ScoreDistribution;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Graded classes for the class report's tests: a {@link ClassSummary} derived from students'
 * {@link Report}s the way {@code summary.json} describes it (counts, pass rates, the score
 * distribution, failure feedback grouped by first line with numbers as {@code #}), and synthetic
 * classes of any size on the bundled rubric's criteria.
 */
final class ClassFixture {
    static final Report.Environment ENVIRONMENT = new Report.Environment("/usr/bin/java", "17.0.15", 2, 1.0);

    private ClassFixture() {
    }

    /**
     * One student of a class: the identifier, the full name, the folder and its report (null when missing).
     */
    record Graded(String student, String name, String folder, Report report) {
    }

    /** The class summary of {@code students}, each report at {@code FOLDER/grading-report/report.html}. */
    static ClassSummary summary(List<Graded> students, List<CriterionResult> rubricOrder, int maxScore) {
        List<StudentRow> rows = new ArrayList<>();
        for (Graded g : students) {
            if (g.report() == null) {
                rows.add(new StudentRow(g.student(), g.name(), null, null, null, null, null, SubmissionStatus.MISSING,
                        "no submission folder", true, 0, maxScore, Map.of(), Map.of(), null));
                continue;
            }
            Map<String, Integer> points = new LinkedHashMap<>();
            Map<String, Status> status = new LinkedHashMap<>();
            g.report().criteria().forEach(c -> {
                points.put(c.id(), c.points());
                status.put(c.id(), c.status());
            });
            rows.add(new StudentRow(g.student(), g.name(), null, "S1", g.folder(), "0123456789abcdef0123456789abcdef01234567",
                    "2026-12-06T10:15:30Z", SubmissionStatus.GRADED, null, true, g.report().score(), g.report().maxScore(),
                    points, status, g.folder() + "/grading-report/report.html"));
        }
        Map<String, List<String>> failureFeedback = new LinkedHashMap<>();
        Map<String, Map<String, String>> hazards = new LinkedHashMap<>();
        for (Graded g : students) {
            if (g.report() == null) {
                continue;
            }
            for (CriterionResult c : g.report().criteria()) {
                if (c.status() == Status.FAILED) {
                    String first = c.feedback().lines().findFirst().orElse("").replaceAll("\\d+", "#");
                    failureFeedback.computeIfAbsent(c.id() + "\n" + first, k -> new ArrayList<>()).add(g.student());
                    hazards.computeIfAbsent(c.id(), k -> new LinkedHashMap<>())
                            .put(first, first.contains(":") ? first.substring(0, first.indexOf(':')) : null);
                }
            }
        }
        List<CriterionStats> criteria = new ArrayList<>();
        for (CriterionResult c : rubricOrder) {
            int passed = count(rows, c.id(), Status.PASSED);
            int failed = count(rows, c.id(), Status.FAILED);
            int errors = count(rows, c.id(), Status.ERROR);
            int skipped = count(rows, c.id(), Status.SKIPPED);
            List<FeedbackGroup> groups = failureFeedback.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(c.id() + "\n"))
                    .map(e -> {
                        String feedback = e.getKey().substring(c.id().length() + 1);
                        return new FeedbackGroup(feedback, hazards.get(c.id()).get(feedback), e.getValue().size(),
                                e.getValue().stream().sorted().toList());
                    })
                    .sorted((a, b) -> b.count() - a.count()).toList();
            int judged = passed + failed + errors;
            criteria.add(new CriterionStats(c.id(), c.exercise(), c.kind(), c.title(), c.maxPoints(), passed, failed, errors,
                    skipped, judged == 0 ? 0 : (double) passed / judged, groups));
        }
        return new ClassSummary(ClassSummary.SCHEMA, "1.0.0-SNAPSHOT", "ab".repeat(32), "2026-12-07T04:00:00Z", 754.2,
                ENVIRONMENT, maxScore, distribution(rows), criteria, rows);
    }

    /**
     * A class of {@code size} students on the bundled rubric's criteria (one in 25 missing), with
     * verdicts drawn from a fixed seed: each student fails each criterion with a chance of their own.
     */
    static ClassSummary synthetic(int size) {
        Rubric rubric = Rubric.loadDefault();
        List<CriterionResult> order = new ArrayList<>();
        for (Exercise e : rubric.exercises()) {
            for (Criterion c : e.criteria()) {
                order.add(new CriterionResult(c.id(), e.id(), c.kind(), c.title(), 0, c.points(), Status.PASSED, "",
                        List.of(), Map.of(), 0, c.hidden()));
            }
        }
        int maxScore = order.stream().mapToInt(CriterionResult::maxPoints).sum();
        Random random = new Random(42);
        List<Graded> students = new ArrayList<>();
        String[] hazards = {"Lost wakeup", "Race condition", "Deadlock", "Busy waiting", "Missing volatile"};
        for (int i = 0; i < size; i++) {
            String id = String.format("student-%04d", i);
            String name = "Student " + i;
            if (i % 25 == 7) {
                students.add(new Graded(id, name, null, null));
                continue;
            }
            double weakness = random.nextDouble() * 0.5;
            List<CriterionResult> results = new ArrayList<>();
            int score = 0;
            for (CriterionResult c : order) {
                double roll = random.nextDouble();
                Status status = roll < weakness * 0.9 ? Status.FAILED : roll < weakness ? Status.ERROR : Status.PASSED;
                int points = status == Status.PASSED ? c.maxPoints() : 0;
                score += points;
                String feedback = status == Status.FAILED
                        ? hazards[Math.floorMod(c.id().hashCode(), hazards.length)] + ": expected 3 elements, but got "
                          + (random.nextInt(3) + 4) + " (at BoundedBuffer.java:" + (40 + random.nextInt(3)) + ")"
                        : "All 4 checks passed";
                results.add(new CriterionResult(c.id(), c.exercise(), c.kind(), c.title(), points, c.maxPoints(), status,
                        feedback, List.of(), Map.of(), 100, c.hidden()));
            }
            students.add(new Graded(id, name, id, new Report("/submissions/" + id, score, maxScore, results, List.of(),
                    ENVIRONMENT, List.of())));
        }
        return summary(students, order, maxScore);
    }

    private static int count(List<StudentRow> rows, String criterion, Status status) {
        return (int) rows.stream().filter(r -> r.criterionStatus().get(criterion) == status).count();
    }

    private static ScoreDistribution distribution(List<StudentRow> rows) {
        List<Double> percents = rows.stream().filter(r -> r.status() != SubmissionStatus.MISSING)
                .map(StudentRow::percent).sorted().toList();
        double mean = percents.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        int n = percents.size();
        double median = n == 0 ? 0 : n % 2 == 1 ? percents.get(n / 2) : (percents.get(n / 2 - 1) + percents.get(n / 2)) / 2;
        Map<Integer, Long> byBin = new TreeMap<>(percents.stream()
                .collect(Collectors.groupingBy(p -> Math.min(9, (int) (p / 10)), Collectors.counting())));
        List<ScoreDistribution.Bin> bins = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            bins.add(new ScoreDistribution.Bin(b * 10, b * 10 + 10, byBin.getOrDefault(b, 0L).intValue()));
        }
        return new ScoreDistribution(mean, median, bins);
    }
}
