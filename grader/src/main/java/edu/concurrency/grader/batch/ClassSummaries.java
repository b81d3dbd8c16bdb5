package edu.concurrency.grader.batch;

import edu.concurrency.grader.gradebook.ClassSummary;
import edu.concurrency.grader.gradebook.CriterionStats;
import edu.concurrency.grader.gradebook.ScoreDistribution;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@code summary.json} ({@link ClassSummary}) from the students of a class. */
public final class ClassSummaries {
    private static final int BINS = 10;

    private ClassSummaries() {
    }

    /**
     * The class summary.
     *
     * @param graderVersion {@link GraderBuild#version()}
     * @param rubricHash    {@link Fingerprints#rubric}
     * @param gradedAt      when the batch started, ISO-8601 UTC
     * @param wallSeconds   wall time, in s
     * @param environment   the grading environment (of any report; null when none)
     * @param criteria      the criteria graded, in rubric order
     * @param students      the students, in any order (sorted by identifier in the result)
     */
    public static ClassSummary build(String graderVersion, String rubricHash, String gradedAt, double wallSeconds,
                                     Report.Environment environment, List<CriterionInfo> criteria,
                                     List<GradedStudent> students) {
        List<GradedStudent> sorted = students.stream()
                .sorted(Comparator.comparing((GradedStudent g) -> g.row().student())).toList();
        List<CriterionStats> stats = new ArrayList<>();
        for (CriterionInfo c : criteria) {
            int passed = 0;
            int failed = 0;
            int errors = 0;
            int skipped = 0;
            Map<String, String> lostWith = new LinkedHashMap<>();
            for (GradedStudent g : sorted) {
                CriterionResult r = result(g.report(), c.id());
                if (r == null) {
                    continue;
                }
                switch (r.status()) {
                    case PASSED -> passed++;
                    case FAILED -> failed++;
                    case ERROR -> errors++;
                    case SKIPPED -> skipped++;
                }
                if (r.status() == Status.FAILED || r.status() == Status.ERROR) {
                    lostWith.put(g.row().student(), r.feedback());
                }
            }
            int judged = passed + failed + errors;
            stats.add(new CriterionStats(c.id(), c.exercise(), c.kind(), c.title(), c.maxPoints(), passed, failed, errors,
                    skipped, judged == 0 ? 0 : (double) passed / judged, FeedbackGroups.group(lostWith)));
        }
        int maxScore = criteria.stream().mapToInt(CriterionInfo::maxPoints).sum();
        return new ClassSummary(ClassSummary.SCHEMA, graderVersion, rubricHash, gradedAt, wallSeconds, environment,
                maxScore, distribution(sorted.stream().map(GradedStudent::row).toList()), stats,
                sorted.stream().map(GradedStudent::row).toList());
    }

    private static CriterionResult result(Report report, String id) {
        return report == null ? null : report.criteria().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** The spread of the percentages of the students with a submission (missing ones left out). */
    static ScoreDistribution distribution(List<StudentRow> rows) {
        double[] percents = rows.stream().filter(r -> r.status() != SubmissionStatus.MISSING)
                .mapToDouble(StudentRow::percent).sorted().toArray();
        int[] counts = new int[BINS];
        for (double p : percents) {
            counts[Math.min(BINS - 1, Math.max(0, (int) Math.floor(p / (100.0 / BINS))))]++;
        }
        List<ScoreDistribution.Bin> bins = new ArrayList<>();
        for (int i = 0; i < BINS; i++) {
            bins.add(new ScoreDistribution.Bin(i * 100.0 / BINS, (i + 1) * 100.0 / BINS, counts[i]));
        }
        double mean = percents.length == 0 ? 0 : java.util.Arrays.stream(percents).average().orElse(0);
        double median = percents.length == 0 ? 0 : percents.length % 2 == 1 ? percents[percents.length / 2]
                : (percents[percents.length / 2 - 1] + percents[percents.length / 2]) / 2;
        return new ScoreDistribution(round(mean), round(median), List.copyOf(bins));
    }

    static double round(double percent) {
        return Math.round(percent * 10) / 10.0;
    }
}
