package edu.concurrency.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import edu.concurrency.grader.gradebook.ClassSummary;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import edu.concurrency.grader.report.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergerTest {
    @TempDir
    Path tmp;

    /** A batch output of {@code rows}, each graded student with a report that loses queue.stress when it has 0 points there. */
    private Path output(String name, String rubric, String version, List<StudentRow> rows) throws Exception {
        Path out = Files.createDirectories(tmp.resolve(name));
        List<GradedStudent> students = new java.util.ArrayList<>();
        for (StudentRow r : rows) {
            var report = r.status() == SubmissionStatus.MISSING ? null : BatchRunnerTest.report(
                    r.criterionPoints().get("queue.stress") == 0 ? List.of("queue.stress") : List.of(), "Lost wakeup: 1 blocked");
            if (report != null) {
                new ReportWriter().write(report, out.resolve("submissions").resolve(r.student()));
            }
            students.add(new GradedStudent(r, report));
        }
        ClassSummary s = ClassSummaries.build(version, rubric, "2026-12-07T04:00:00Z", 10, null, GradebookTest.CRITERIA, students);
        ClassOutputs.write(s, out, GradebookFormat.PLAIN, "hw");
        return out;
    }

    @Test
    void shardsMergeIntoTheGradebookOfTheWholeClass() throws Exception {
        Path one = output("one", "r", "v", List.of(GradebookTest.ROWS.get(0), GradebookTest.ROWS.get(2)));
        Path two = output("two", "r", "v", List.of(GradebookTest.ROWS.get(1)));
        Path whole = output("whole", "r", "v", GradebookTest.ROWS);

        ClassSummary merged = Merger.merge(List.of(one, two), tmp.resolve("merged"), GradebookFormat.PLAIN, "hw");

        assertThat(Files.readString(tmp.resolve("merged/gradebook.csv"))).isEqualTo(Files.readString(whole.resolve("gradebook.csv")));
        ClassSummary single = ClassOutputs.readSummary(whole.resolve("summary.json"));
        assertThat(merged.criteria()).isEqualTo(single.criteria());
        assertThat(merged.distribution()).isEqualTo(single.distribution());
        assertThat(merged.wallSeconds()).isEqualTo(20);
        assertThat(tmp.resolve("merged/submissions/bob/report.json")).exists();
    }

    @Test
    void differentRubricsAreRefused() throws Exception {
        Path one = output("one", "rubric-a", "v", List.of(GradebookTest.ROWS.get(0)));
        Path two = output("two", "rubric-b", "v", List.of(GradebookTest.ROWS.get(1)));
        assertThatThrownBy(() -> Merger.merge(List.of(one, two), tmp.resolve("m"), GradebookFormat.PLAIN, "hw"))
                .isInstanceOf(MergeException.class).hasMessageContaining("different rubrics").hasMessageContaining("rubric-b");
    }

    @Test
    void differentGraderVersionsAreRefused() throws Exception {
        Path one = output("one", "r", "1.0+aaa", List.of(GradebookTest.ROWS.get(0)));
        Path two = output("two", "r", "1.0+bbb", List.of(GradebookTest.ROWS.get(1)));
        assertThatThrownBy(() -> Merger.merge(List.of(one, two), tmp.resolve("m"), GradebookFormat.PLAIN, "hw"))
                .isInstanceOf(MergeException.class).hasMessageContaining("different grader versions")
                .hasMessageContaining("1.0+bbb");
    }

    @Test
    void theSameStudentTwiceIsRefused() throws Exception {
        Path one = output("one", "r", "v", List.of(GradebookTest.ROWS.get(0)));
        Path two = output("two", "r", "v", List.of(GradebookTest.ROWS.get(0), GradebookTest.ROWS.get(1)));
        assertThatThrownBy(() -> Merger.merge(List.of(one, two), tmp.resolve("m"), GradebookFormat.PLAIN, "hw"))
                .isInstanceOf(MergeException.class).hasMessageContaining("student alice is in both");
    }

    @Test
    void aFolderWithoutSummaryIsNoBatchOutput() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> Merger.merge(List.of(empty), tmp.resolve("m"), GradebookFormat.PLAIN, "hw"))
                .isInstanceOf(MergeException.class).hasMessageContaining("has no summary.json");
    }
}
