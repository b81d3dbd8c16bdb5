package edu.concurrency.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class BatchCommandTest {

    private static int run(StringWriter err, String... args) {
        return new CommandLine(new GraderMain()).setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                .execute(args);
    }

    @Test
    void aBadRosterIsExitCode2WithFileLineAndColumn(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("class/alice"));
        Path roster = Files.writeString(dir.resolve("roster.csv"), "username,name\nalice,A\n,B\n");
        StringWriter err = new StringWriter();

        int exit = run(err, "batch", dir.resolve("class").toString(), "--out", dir.resolve("out").toString(),
                "--roster", roster.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(roster + ":3:1: empty username (column 1)");
        assertThat(dir.resolve("out")).as("nothing graded").doesNotExist();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--shard, 3/2, '1 <= K <= N <= 256'",
            "--jobs, 0, '--jobs must be at least 1'",
            "--gradebook-format, excel, '--gradebook-format is plain, canvas or moodle, not excel'",
            "--only, nope, 'no exercise ''nope'' in the rubric'",
            "--heap, 8, 'the heap must be at least 16 MiB, not 8'",
    })
    void aBadOptionIsExitCode2(String option, String value, String message, @TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("class"));
        StringWriter err = new StringWriter();

        int exit = run(err, "batch", dir.resolve("class").toString(), "--out", dir.resolve("out").toString(), option, value);

        assertThat(exit).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void mergeRefusesWhatIsNoBatchOutputWithExitCode2(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        int exit = run(err, "merge", Files.createDirectories(dir.resolve("a")).toString(), "--out", dir.resolve("m").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("merge: " + dir.resolve("a") + " is not the output of a batch");
    }
}
