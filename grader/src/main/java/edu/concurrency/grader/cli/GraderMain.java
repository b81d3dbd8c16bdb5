package edu.concurrency.grader.cli;

import edu.concurrency.grader.classroom.ExportRegradeWorkflowCommand;
import edu.concurrency.grader.classroom.ExportTemplateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code concurrency-grader} command and its subcommands. */
@Command(name = "concurrency-grader", mixinStandardHelpOptions = true, version = "concurrency-grader 1.0",
        description = "Grades Java concurrency exercises: correctness tests, race probes, architecture rules"
                + " and timing thresholds.",
        subcommands = {GradeCommand.class, BatchCommand.class, MergeCommand.class, ExportTemplateCommand.class,
                ExportRegradeWorkflowCommand.class, CommandLine.HelpCommand.class})
public final class GraderMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new GraderMain()).execute(args));
    }
}
