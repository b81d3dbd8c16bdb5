package edu.concurrency.grader.classroom;

import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.PhaseTiming;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.rubric.Rubric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reports and a rubric for the result writers' tests. */
final class SampleReports {
    static final String HIDDEN_TITLE = "Secret fairness under contention";
    static final String HIDDEN_FEEDBACK = "Starvation: consumer-3 never got an element in 500 rounds";

    private SampleReports() {
    }

    static Rubric rubric() {
        return new Rubric(List.of(new Exercise("queue", "Queue", "edu.concurrency.queue", List.of("BoundedBuffer"),
                List.of(criterion("queue.basic", Kind.CORRECTNESS, 8, false),
                        criterion("queue.stress", Kind.CORRECTNESS, 12, false),
                        criterion("queue.timed", Kind.CORRECTNESS, 8, false),
                        criterion("queue.perf.speedup", Kind.PERFORMANCE, 4, false),
                        criterion("queue.secret", Kind.CORRECTNESS, 3, true)))));
    }

    private static Criterion criterion(String id, Kind kind, int points, boolean hidden) {
        return new Criterion(id, id.equals("queue.secret") ? HIDDEN_TITLE : "Title of " + id, kind, points,
                List.of("edu.concurrency.grader.suites.queue." + id.substring(6).replace('.', '_') + "Suite"), List.of(),
                List.of(), null, null, hidden);
    }

    /** 8 + 0 + 0 + skipped + 3 (hidden, passed) = 11 of 31 (the skipped 4 not counted). */
    static Report partial() {
        return report("queue.basic", Status.PASSED, "All 6 checks passed", List.of(),
                "queue.stress", Status.FAILED, "Lost wakeup: expected all 8 producers and consumers to finish within 10 s,"
                        + " but 3 are still WAITING (at BoundedBuffer.java:41)", List.of("consumer-2 WAITING in BoundedBuffer.take"),
                "queue.timed", Status.ERROR, "The submission does not match the exercise's API (NoSuchMethodError: offer)",
                List.of(),
                "queue.perf.speedup", Status.SKIPPED, "1 core: a speed-up cannot be measured", List.of(),
                "queue.secret", Status.PASSED, HIDDEN_FEEDBACK, List.of("secret details"));
    }

    /** Every criterion passed (the skipped one not counted). */
    static Report full() {
        return report("queue.basic", Status.PASSED, "All 6 checks passed", List.of(),
                "queue.stress", Status.PASSED, "ok", List.of(),
                "queue.timed", Status.PASSED, "ok", List.of(),
                "queue.perf.speedup", Status.SKIPPED, "1 core", List.of(),
                "queue.secret", Status.PASSED, HIDDEN_FEEDBACK, List.of());
    }

    /** The untouched stubs: every criterion failed, 0 points. */
    static Report stubs() {
        return every(Status.FAILED, "Not implemented yet: the method still throws UnsupportedOperationException: TODO"
                + " (at BoundedBuffer.java:40)", List.of());
    }

    /** A submission that does not compile: every criterion an error, the compiler's words in the details. */
    static Report noCompile() {
        return every(Status.ERROR, "The submission does not compile: BoundedBuffer.java:12: error: ';' expected",
                List.of("BoundedBuffer.java:12: error: ';' expected\n    int count\n             ^\n1 error"));
    }

    /** Every criterion of {@link #rubric()} with {@code status} and {@code feedback}, 0 points. */
    static Report every(Status status, String feedback, List<String> details) {
        Object[] rows = rubric().exercises().get(0).criteria().stream()
                .flatMap(c -> java.util.stream.Stream.of(c.id(), status, feedback, details)).toArray();
        return report(rows);
    }

    /** {@code n} failed criteria, each with a feedback and details of {@code size} characters. */
    static Report huge(int n, int size) {
        List<CriterionResult> criteria = new ArrayList<>();
        String blob = "Deadlock: thread t-1 waits for lock <0x1> held by t-2. ".repeat(size / 50 + 1).substring(0, size);
        for (int i = 0; i < n; i++) {
            criteria.add(new CriterionResult("queue.c" + i, "queue", Kind.CORRECTNESS, "Criterion " + i, 0, 5, Status.FAILED,
                    "Deadlock " + i + ": " + blob, List.of(blob, blob), Map.of(), 1000, false));
        }
        return new Report("/sub", 0, 5 * n, criteria, List.of(new PhaseTiming("queue: compile", 400)),
                new Report.Environment("java", "17", 2, 1.0), List.of());
    }

    @SuppressWarnings("unchecked")
    private static Report report(Object... rows) {
        Rubric rubric = rubric();
        List<CriterionResult> criteria = new ArrayList<>();
        for (int i = 0; i < rows.length; i += 4) {
            String id = (String) rows[i];
            Status status = (Status) rows[i + 1];
            Criterion c = rubric.exercises().get(0).criteria().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
            criteria.add(new CriterionResult(id, "queue", c.kind(), c.title(), status == Status.PASSED ? c.points() : 0,
                    c.points(), status, (String) rows[i + 2], (List<String>) rows[i + 3],
                    c.kind() == Kind.PERFORMANCE ? Map.of("speedup", "1.0") : Map.of(), 1500, c.hidden()));
        }
        int score = criteria.stream().mapToInt(CriterionResult::points).sum();
        int max = criteria.stream().filter(c -> c.status() != Status.SKIPPED).mapToInt(CriterionResult::maxPoints).sum();
        return new Report("/sub", score, max, criteria,
                List.of(new PhaseTiming("queue: compile", 400), new PhaseTiming("queue: suites", 61_700)),
                new Report.Environment("java", "17", 2, 1.0), List.of("a note"));
    }
}
