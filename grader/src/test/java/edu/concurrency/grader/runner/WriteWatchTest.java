package edu.concurrency.grader.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files created, changed or deleted outside the sandbox are found; everything else is not. */
class WriteWatchTest {
    @TempDir
    Path root;

    @Test
    void findsWritesInTheWatchedPlacesAndNothingElse() throws Exception {
        Path report = Files.createDirectories(root.resolve("report"));
        Path submission = Files.createDirectories(root.resolve("submission/src/main/java"));
        Path cwd = Files.createDirectories(root.resolve("cwd"));
        Files.writeString(report.resolve("report.json"), "{}");
        Files.writeString(submission.resolve("Queue.java"), "class Queue {}");
        Files.writeString(cwd.resolve("notes.txt"), "keep");
        Files.createDirectories(cwd.resolve("deep"));
        Files.createDirectories(root.resolve("submission/target/classes"));
        WriteWatch watch = WriteWatch.forGrading(report, root.resolve("submission"), cwd, cwd.resolve("scratch"));
        WriteWatch.Snapshot before = watch.snapshot();

        assertThat(watch.changedSince(before)).as("nothing written yet").isEmpty();

        Files.writeString(report.resolve("report.json"), "{\"forged\":true}");      // changed
        Files.writeString(submission.resolve("Evil.java"), "class Evil {}");       // created
        Files.delete(cwd.resolve("notes.txt"));                                     // deleted
        Files.writeString(root.resolve("submission/target/classes/A.class"), "x"); // target/: ignored
        Files.writeString(cwd.resolve("deep/nested.txt"), "x");                    // below the top level: ignored
        Files.writeString(root.resolve("elsewhere.txt"), "x");                     // not watched
        Files.createDirectories(cwd.resolve("scratch"));                            // the grader's own: ignored

        List<Path> changed = watch.changedSince(before);
        assertThat(changed).containsExactlyInAnyOrder(report.resolve("report.json"), submission.resolve("Evil.java"),
                cwd.resolve("notes.txt"));
        assertThat(WriteWatch.note(changed)).hasValue("the submission wrote files outside its sandbox directory: "
                + String.join(", ", changed.stream().map(Path::toString).toList()) + " (3 in all)");
    }

    @Test
    void aReportDirectoryCreatedByTheSubmissionIsFound() throws Exception {
        Path report = root.resolve("report");
        WriteWatch watch = WriteWatch.forGrading(report, Files.createDirectories(root.resolve("s")),
                Files.createDirectories(root.resolve("c")), root.resolve("scratch"));
        WriteWatch.Snapshot before = watch.snapshot();
        Files.createDirectories(report);
        Files.writeString(report.resolve("report.md"), "# 100/100");
        assertThat(watch.changedSince(before)).containsExactly(report.toAbsolutePath(), report.resolve("report.md"));
    }

    @Test
    void aWorkingDirectoryThatIsTheSystemTemporaryDirectoryIsNotWatched() throws Exception {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Path submission = Files.createDirectories(root.resolve("s"));
        WriteWatch watch = WriteWatch.forGrading(root.resolve("report"), submission, temp, root.resolve("scratch"));
        WriteWatch.Snapshot before = watch.snapshot();
        Path otherGradings = Files.createTempFile("another-grading", ".txt"); // anyone's files land there
        try {
            Files.writeString(submission.resolve("Evil.java"), "class Evil {}");
            assertThat(watch.changedSince(before)).containsExactly(submission.resolve("Evil.java"));
        } finally {
            Files.delete(otherGradings);
        }
    }

    @Test
    void ignoredPathsAreNotReported() throws Exception {
        Path cwd = Files.createDirectories(root.resolve("cwd"));
        WriteWatch watch = new WriteWatch(List.of(new WriteWatch.Root(cwd, false, java.util.Set.of())),
                java.util.Set.of(cwd.resolve("console.txt")));
        WriteWatch.Snapshot before = watch.snapshot();
        Files.writeString(cwd.resolve("console.txt"), "Grading ...");
        assertThat(watch.changedSince(before)).isEmpty();
        Files.writeString(cwd.resolve("report.json"), "{}");
        assertThat(watch.changedSince(before)).containsExactly(cwd.resolve("report.json"));
    }

    @Test
    void theNoteListsAtMostTenPathsAndCountsThemAll() {
        List<Path> many = IntStream.range(0, 25).mapToObj(i -> Path.of("/r/f" + (100 + i))).toList();
        String note = WriteWatch.note(many).orElseThrow();
        assertThat(note).contains("/r/f109").doesNotContain("/r/f110").endsWith("(25 in all)");
        assertThat(WriteWatch.note(List.of())).isEmpty();
    }
}
