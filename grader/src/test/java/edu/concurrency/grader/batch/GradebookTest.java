package edu.concurrency.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Kind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradebookTest {
    static final List<CriterionInfo> CRITERIA = List.of(
            new CriterionInfo("queue.basic", "queue", Kind.CORRECTNESS, "Basic", 10),
            new CriterionInfo("queue.stress", "queue", Kind.CORRECTNESS, "Stress", 12));

    static StudentRow row(String student, String name, SubmissionStatus status, String cause, int basic, int stress) {
        Map<String, Integer> points = new LinkedHashMap<>();
        Map<String, Status> verdicts = new LinkedHashMap<>();
        if (status != SubmissionStatus.MISSING) {
            points.put("queue.basic", basic);
            points.put("queue.stress", stress);
            verdicts.put("queue.basic", basic > 0 ? Status.PASSED : Status.FAILED);
            verdicts.put("queue.stress", stress > 0 ? Status.PASSED : Status.FAILED);
        }
        return new StudentRow(student, name, student + "@uni.edu", "S1", status == SubmissionStatus.MISSING ? null : "hw-" + student,
                null, null, status, cause, true, basic + stress, 22, points, verdicts,
                status == SubmissionStatus.MISSING ? null : "submissions/" + student + "/report.html");
    }

    static final List<StudentRow> ROWS = List.of(
            row("alice", "Archer, \"Ali\" Alice", SubmissionStatus.GRADED, null, 10, 12),
            row("bob", "Bob Ünal", SubmissionStatus.COMPILE_ERROR, "queue: BoundedBuffer.java:3: ';' expected,\nline two", 0, 0),
            row("carol", null, SubmissionStatus.MISSING, "on the roster, but no submission was found", 0, 0));

    @Test
    void plainRoundTripsEveryFieldWithRfc4180Quoting(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("gradebook.csv");
        Gradebook.write(file, GradebookFormat.PLAIN, "hw", CRITERIA, ROWS);

        String text = java.nio.file.Files.readString(file);
        assertThat(text).startsWith("student,name,email,section,folder,commit,commit_time,status,cause,on_roster,points,"
                + "max_points,percent,queue.basic,queue.stress,report\r\n");
        assertThat(text).contains("\"Archer, \"\"Ali\"\" Alice\"");
        List<Map<String, String>> back = Gradebook.read(file);
        assertThat(back).hasSize(3);
        assertThat(back.get(0)).containsEntry("student", "alice").containsEntry("name", "Archer, \"Ali\" Alice")
                .containsEntry("status", "graded").containsEntry("points", "22").containsEntry("percent", "100.0")
                .containsEntry("queue.stress", "12").containsEntry("report", "submissions/alice/report.html");
        assertThat(back.get(1)).containsEntry("name", "Bob Ünal").containsEntry("status", "compile-error")
                .containsEntry("cause", "queue: BoundedBuffer.java:3: ';' expected,\nline two").containsEntry("queue.basic", "0");
        assertThat(back.get(2)).containsEntry("status", "missing").containsEntry("queue.basic", "").containsEntry("folder", "");
    }

    @Test
    void canvasHasItsColumnsAndAPointsPossibleRow(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("gradebook.csv");
        Gradebook.write(file, GradebookFormat.CANVAS, "Bounded buffer", CRITERIA, ROWS);

        List<Map<String, String>> back = Gradebook.read(file);
        assertThat(back.get(0)).containsOnlyKeys("Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Bounded buffer")
                .containsEntry("Student", "    Points Possible").containsEntry("Bounded buffer", "22");
        assertThat(back.get(1)).containsEntry("Student", "Archer, \"Ali\" Alice").containsEntry("SIS Login ID", "alice")
                .containsEntry("Bounded buffer", "22").containsEntry("Section", "S1");
        assertThat(back.get(3)).containsEntry("Student", "carol").containsEntry("Bounded buffer", "0");
    }

    @Test
    void moodleHasUsernameEmailOneGradeAndFeedback(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("gradebook.csv");
        Gradebook.write(file, GradebookFormat.MOODLE, "hw1", CRITERIA, ROWS);

        List<Map<String, String>> back = Gradebook.read(file);
        assertThat(back).hasSize(3);
        assertThat(back.get(0)).containsOnlyKeys("username", "email", "hw1", "feedback")
                .containsEntry("username", "alice").containsEntry("email", "alice@uni.edu").containsEntry("hw1", "22");
        assertThat(back.get(1).get("feedback")).startsWith("0 / 22 points (compile-error: queue: BoundedBuffer.java:3");
    }
}
