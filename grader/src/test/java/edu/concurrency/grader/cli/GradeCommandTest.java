package edu.concurrency.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class GradeCommandTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--max-threads, 10, 'the thread limit must be at least 50, not 10'",
            "--submission-timeout, 0, 'the submission timeout must be at least 1 s, not 0'",
            "--heap, 8, 'the heap must be at least 16 MiB, not 8'",
            "--timeout-factor, 0, 'the timeout factor must be above 0, not 0.0'",
            "--cores, 0, 'the cores must be at least 1, not 0'",
            "--lanes, 0, '--lanes must be at least 1, not 0'",
    })
    void aLimitOutOfRangeIsAUsageErrorThatNamesIt(String option, String value, String message, @TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new GraderMain()).setErr(new PrintWriter(err));

        int exit = cli.execute("grade", dir.toString(), "--report-dir", dir.resolve("report").toString(), option, value);

        assertThat(exit).as(err.toString()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains(message);
        assertThat(dir.resolve("report")).as("nothing is graded, so no report is written").doesNotExist();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--only, nope, 'no exercise ''nope'' in the rubric'",
            "--criteria, queue.tmied, 'no criterion ''queue.tmied'' in the rubric'",
            "--criteria, webclient.basic, 'no criterion ''webclient.basic'' in the rubric'",
    })
    void anUnknownExerciseOrCriterionIsAUsageErrorThatNamesIt(String option, String value, String message,
                                                              @TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new GraderMain()).setErr(new PrintWriter(err));

        int exit = cli.execute("grade", dir.toString(), "--report-dir", dir.resolve("report").toString(),
                "--only", "queue", option, value);

        assertThat(exit).as(err.toString()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains(message);
        assertThat(dir.resolve("report")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource({"grade", "batch"})
    void theHelpOfOnlyListsTheBundledRubricsExercisesInOrder(String command) {
        String ids = String.join(", ", Rubric.loadDefault().exercises().stream().map(Exercise::id).toList());
        String help = new CommandLine(new GraderMain()).getSubcommands().get(command).getUsageMessage()
                .replaceAll("\\s+", " ");
        assertThat(help).contains("Grade only these exercises (of the bundled rubric: " + ids + ")");
    }
}
