package edu.concurrency.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFoldersTest {

    @Test
    void classroomDownloadTakesUsernamesAndNamesFromScoresCsv(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("os-2026-bounded-buffer_submissions_2026-12-01T10-00-00"));
        for (String user : List.of("alice", "bob-smith", "carol")) {
            Files.createDirectories(root.resolve("os-2026-bounded-buffer-" + user));
        }
        Files.createDirectories(root.resolve(".hidden"));
        Files.writeString(root.resolve("scores.csv"), """
                username,first_name,last_name,email,section,score,max_score,datetime,submission_tag
                alice,Alice,Archer,alice@uni.edu,A,90,100,2026-12-01T09:00:00Z,v1
                bob-smith,Bob,"Smith, Jr.",bob@uni.edu,B,,,,
                """);

        ClassFolders found = ClassFolders.scan(root);

        assertThat(found.layout()).isEqualTo(ClassLayout.CLASSROOM_DOWNLOAD);
        assertThat(found.submissions()).extracting(SubmissionFolder::student).containsExactly("alice", "bob-smith", "carol");
        assertThat(found.submissions().get(1).known())
                .isEqualTo(new RosterEntry("bob-smith", "Bob Smith, Jr.", "bob@uni.edu", "B"));
        assertThat(found.submissions().get(2).known()).as("carol is not in scores.csv: her name comes from the folder").isNull();
    }

    @Test
    void classroomDownloadWithoutScoresCsvStripsThePrefixOfTheFolderName(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("cls-hw1_submissions_2026"));
        Files.createDirectories(root.resolve("cls-hw1-dave"));
        assertThat(ClassFolders.scan(root).submissions()).extracting(SubmissionFolder::student).containsExactly("dave");
    }

    @Test
    void classroomCloneStripsTheSlug(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("bounded-buffer-submissions"));
        Files.createDirectories(root.resolve("bounded-buffer-erin"));
        Files.createDirectories(root.resolve("bounded-buffer-frank-o"));
        Files.createDirectories(root.resolve("stray"));

        ClassFolders found = ClassFolders.scan(root);

        assertThat(found.layout()).isEqualTo(ClassLayout.CLASSROOM_CLONE);
        assertThat(found.submissions()).extracting(SubmissionFolder::student).containsExactly("erin", "frank-o", "stray");
    }

    @Test
    void anyOtherFolderNamesTheStudentByItsSubfolders(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("class"));
        Files.createDirectories(root.resolve("zoe"));
        Files.createDirectories(root.resolve("adam"));
        Files.writeString(root.resolve("notes.txt"), "not a submission");

        ClassFolders found = ClassFolders.scan(root);

        assertThat(found.layout()).isEqualTo(ClassLayout.FOLDERS);
        assertThat(found.submissions()).extracting(SubmissionFolder::student).containsExactly("adam", "zoe");
    }

    @Test
    void twoFoldersOfOneStudentAreRefused(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("hw-submissions"));
        Files.createDirectories(root.resolve("hw-Gina"));
        Files.createDirectories(root.resolve("hw-gina"));
        assertThatThrownBy(() -> ClassFolders.scan(root)).isInstanceOf(RosterException.class)
                .hasMessageContaining("student gina");
    }
}
