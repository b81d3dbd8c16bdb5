package edu.concurrency.grader.report;

import java.util.List;

/**
 * The result of grading one submission: the content of {@code report.json}.
 *
 * @param submission   the graded directory
 * @param score        points earned
 * @param maxScore     points available on this runner (skipped criteria are not counted)
 * @param criteria     one entry per criterion, in rubric order
 * @param phases       wall time per phase; phases that share the machine may overlap (see
 *                     {@code grade --lanes}), so their sum can exceed the grading's wall time
 * @param environment  the JVM that ran the submission, and the cores assumed
 * @param notes        observations about the run as a whole (for example processes left running)
 * @param wallMillis   the grading's own wall time from start to verdicts, in ms (0 when unknown, as
 *                     in a report written before this field existed)
 */
public record Report(String submission, int score, int maxScore, List<CriterionResult> criteria,
                     List<PhaseTiming> phases, Environment environment, List<String> notes, long wallMillis) {

    public Report {
        criteria = List.copyOf(criteria);
        phases = List.copyOf(phases);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A report whose wall time is the sum of its phases, as when they ran one after the other. */
    public Report(String submission, int score, int maxScore, List<CriterionResult> criteria,
                  List<PhaseTiming> phases, Environment environment, List<String> notes) {
        this(submission, score, maxScore, criteria, phases, environment, notes,
                phases.stream().mapToLong(PhaseTiming::millis).sum());
    }

    /**
     * Where the submission ran.
     *
     * @param java          the java executable that ran the submission
     * @param javaVersion   its version
     * @param cores         the cores thresholds were scaled to
     * @param timeoutFactor the factor applied to every timeout
     */
    public record Environment(String java, String javaVersion, int cores, double timeoutFactor) {
    }

    /** This report with {@code wallMillis} (ms) as its wall time. */
    public Report withWallMillis(long wallMillis) {
        return new Report(submission, score, maxScore, criteria, phases, environment, notes, wallMillis);
    }

    /** This report with {@code notes} in place of its own (the grader adds what it learns after grading). */
    public Report withNotes(List<String> notes) {
        return new Report(submission, score, maxScore, criteria, phases, environment, notes, wallMillis);
    }

    /** Whether the score reaches {@code minPercent} percent of {@code maxScore}. */
    public boolean reaches(double minPercent) {
        return maxScore == 0 || score * 100.0 >= minPercent * maxScore;
    }
}
