package edu.concurrency.grader.gradebook;

import edu.concurrency.grader.report.Report;
import java.util.List;

/**
 * A graded class: the content of {@code summary.json}, written by {@code batch} and {@code merge}.
 *
 * @param schema        always {@value #SCHEMA}
 * @param graderVersion the version of the grader that graded the class
 * @param rubricHash    SHA-256 (hex) of the rubric used; outputs with different hashes are not merged
 * @param gradedAt      when the batch started, ISO-8601 UTC
 * @param wallSeconds   wall time of the batch (for a merge: the sum over the shards), in s
 * @param environment   the JVM that ran the submissions, and the cores assumed
 * @param maxScore      points available per submission
 * @param distribution  the spread of the scores
 * @param criteria      one entry per criterion, in rubric order
 * @param students      one row per student, sorted by identifier
 */
public record ClassSummary(String schema, String graderVersion, String rubricHash, String gradedAt,
                           double wallSeconds, Report.Environment environment, int maxScore,
                           ScoreDistribution distribution, List<CriterionStats> criteria,
                           List<StudentRow> students) {

    /** The value of {@code schema}. */
    public static final String SCHEMA = "concurrency-grader/class-summary/v1";
}
