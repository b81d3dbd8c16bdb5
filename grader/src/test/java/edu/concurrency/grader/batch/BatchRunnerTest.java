package edu.concurrency.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.gradebook.ClassSummary;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.runner.Grader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch's bookkeeping with a stand-in for {@code grade}: a shell script that copies the report
 * a test put into the submission folder ({@code give.json}) and the exit code in {@code give.exit},
 * and counts its runs. The real grading is {@code BatchGradingIT}'s.
 */
class BatchRunnerTest {
    private static final Rubric RUBRIC = Rubric.loadDefault().only(List.of("queue"));
    private static final String SOURCE = "src/main/java/edu/concurrency/queue/BoundedBuffer.java";

    @TempDir
    Path tmp;
    Path root;
    Path out;
    Path runs;
    Path script;

    @BeforeEach
    void fakeGrader() throws Exception {
        root = Files.createDirectories(tmp.resolve("class"));
        out = tmp.resolve("out");
        runs = tmp.resolve("runs.txt");
        Files.writeString(runs, "");
        script = Files.writeString(tmp.resolve("fake-grade.sh"), """
                #!/bin/sh
                # $1 submission, $2 --report-dir, $3 the folder
                echo "$1" >> "%s"
                mkdir -p "$3"
                [ -f "$1/give.json" ] && cp "$1/give.json" "$3/report.json" && echo "# report" > "$3/report.md"
                exit $(cat "$1/give.exit" 2>/dev/null || echo 0)
                """.formatted(runs));
    }

    private void submission(String student, String source, Report give, int exit) throws Exception {
        Path dir = Files.createDirectories(root.resolve(student));
        if (source != null) {
            Files.createDirectories(dir.resolve(SOURCE).getParent());
            Files.writeString(dir.resolve(SOURCE), source);
        }
        if (give != null) {
            Files.writeString(dir.resolve("give.json"), new ReportWriter().json(give));
        }
        Files.writeString(dir.resolve("give.exit"), String.valueOf(exit));
    }

    /** A report of the queue criteria: those in {@code lost} failed with {@code feedback}, the rest passed. */
    static Report report(List<String> lost, String feedback) {
        List<CriterionResult> results = new ArrayList<>();
        for (Exercise e : RUBRIC.exercises()) {
            for (Criterion c : e.criteria()) {
                boolean fails = lost.contains(c.id());
                results.add(new CriterionResult(c.id(), e.id(), c.kind(), c.title(), fails ? 0 : c.points(), c.points(),
                        fails ? (feedback.startsWith(Grader.NOT_COMPILED) ? Status.ERROR : Status.FAILED) : Status.PASSED,
                        fails ? feedback : "ok", List.of(), Map.of(), 1, false));
            }
        }
        int score = results.stream().mapToInt(CriterionResult::points).sum();
        int max = results.stream().mapToInt(CriterionResult::maxPoints).sum();
        return new Report("/x", score, max, results, List.of(), new Report.Environment("java", "17", 2, 1.0), List.of());
    }

    private BatchRunner.Result batch(boolean force, Roster roster) throws Exception {
        BatchSettings settings = new BatchSettings(root, out, RUBRIC, "rubric-1", "v1", roster, Shard.ALL, 2, force,
                List.of("--only", "queue"), GradebookFormat.PLAIN, "hw");
        ChildGrading children = new ChildGrading(List.of("sh", script.toString()), Duration.ofSeconds(60));
        StringWriter log = new StringWriter();
        try (Progress progress = Progress.lines(10, new PrintWriter(log))) {
            return new BatchRunner(settings, children).run(ClassFolders.scan(root), progress);
        }
    }

    private List<String> runs() throws Exception {
        return Files.readAllLines(runs).stream().map(l -> Path.of(l).getFileName().toString()).sorted().toList();
    }

    private static StudentRow row(ClassSummary s, String student) {
        return s.students().stream().filter(r -> r.student().equals(student)).findFirst().orElseThrow();
    }

    @Test
    void everyStatusGetsItsRowAndTheExitCodeSaysWhetherTheGraderFailed() throws Exception {
        submission("alice", "class A {}", report(List.of(), ""), 0);
        submission("bob", "class B {}", report(List.of("queue.stress"), "Lost wakeup: 2 takers blocked (at B.java:4)"), 1);
        submission("cora", "class C {", report(List.of("queue.basic", "queue.stress"), Grader.NOT_COMPILED
                + "BoundedBuffer.java:1: reached end of file while parsing"), 1);
        submission("dan", null, null, 0);
        submission("eve", "class E {}", null, 137);
        Path rosterFile = Files.writeString(tmp.resolve("roster.csv"), "username,name\nalice,Alice A\nbob,Bob B\ncora,C\n"
                + "dan,D\neve,E\nfred,Fred F\n");
        Files.createDirectories(root.resolve("zack"));

        BatchRunner.Result result = batch(false, Roster.read(rosterFile));
        ClassSummary s = result.summary();

        assertThat(result.exitCode()).as("eve's grading crashed").isEqualTo(3);
        assertThat(s.students()).extracting(StudentRow::student).containsExactly("alice", "bob", "cora", "dan", "eve", "fred", "zack");
        assertThat(row(s, "alice").status()).isEqualTo(SubmissionStatus.GRADED);
        assertThat(row(s, "alice").points()).isEqualTo(row(s, "alice").maxPoints()).isPositive();
        assertThat(row(s, "alice").name()).isEqualTo("Alice A");
        assertThat(row(s, "alice").report()).isEqualTo("submissions/alice/report.html");
        assertThat(row(s, "bob").status()).isEqualTo(SubmissionStatus.GRADED);
        assertThat(row(s, "bob").criterionStatus()).containsEntry("queue.stress", Status.FAILED);
        assertThat(row(s, "cora").status()).isEqualTo(SubmissionStatus.COMPILE_ERROR);
        assertThat(row(s, "cora").cause()).isEqualTo("queue: BoundedBuffer.java:1: reached end of file while parsing");
        assertThat(row(s, "dan").status()).isEqualTo(SubmissionStatus.NO_SUBMISSION);
        assertThat(row(s, "eve").status()).isEqualTo(SubmissionStatus.GRADER_ERROR);
        assertThat(row(s, "eve").cause()).startsWith("the grader ended with exit code 137 and no report");
        assertThat(row(s, "fred").status()).isEqualTo(SubmissionStatus.MISSING);
        assertThat(row(s, "fred").points()).isZero();
        assertThat(row(s, "zack").onRoster()).isFalse();
        assertThat(row(s, "zack").status()).isEqualTo(SubmissionStatus.NO_SUBMISSION);
        assertThat(s.criteria()).filteredOn(c -> c.id().equals("queue.stress")).singleElement().satisfies(c -> {
            assertThat(c.passed()).isEqualTo(1);
            assertThat(c.failed()).isEqualTo(1);
            assertThat(c.errors()).isEqualTo(1);
            assertThat(c.failureGroups()).extracting(g -> g.students()).contains(List.of("bob"), List.of("cora"));
        });
        assertThat(runs()).containsExactly("alice", "bob", "cora", "eve");
        assertThat(out.resolve("submissions/alice/report.json")).exists();
        assertThat(out.resolve("submissions/alice/grading.json")).exists();
        assertThat(out.resolve(".work")).doesNotExist();
        assertThat(Gradebook.read(out.resolve("gradebook.csv"))).hasSize(7);
        assertThat(ClassOutputs.readSummary(out.resolve("summary.json"))).isEqualTo(s);
        assertThat(Files.readString(out.resolve("summary.md"))).contains("| `queue.stress` |");
    }

    @Test
    void aReRunKeepsUnchangedReportsAndGradesWhatChanged() throws Exception {
        submission("alice", "class A {}", report(List.of(), ""), 0);
        submission("bob", "class B {}", report(List.of("queue.stress"), "Lost wakeup: x"), 1);
        submission("carl", "class C {}", report(List.of(), ""), 0);
        submission("eve", "class E {}", null, 1);
        batch(false, null);
        Files.writeString(runs, "");

        Files.writeString(root.resolve("bob").resolve(SOURCE), "class B { /* fixed */ }");
        Files.writeString(out.resolve("submissions/carl/report.json"), "{}");
        BatchRunner.Result again = batch(false, null);

        assertThat(runs()).as("alice unchanged is kept; bob's source, carl's report changed; eve's grader failed")
                .containsExactly("bob", "carl", "eve");
        assertThat(again.kept()).isEqualTo(1);
        assertThat(row(again.summary(), "alice").points()).isEqualTo(row(again.summary(), "alice").maxPoints());

        Files.writeString(runs, "");
        batch(true, null);
        assertThat(runs()).as("--force grades all").containsExactly("alice", "bob", "carl", "eve");
    }
}
