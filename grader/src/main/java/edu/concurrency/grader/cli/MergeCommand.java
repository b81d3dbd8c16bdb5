package edu.concurrency.grader.cli;

import edu.concurrency.grader.batch.GradebookFormat;
import edu.concurrency.grader.batch.MergeException;
import edu.concurrency.grader.batch.Merger;
import edu.concurrency.grader.gradebook.ClassSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code merge OUT1 OUT2 ... --out DIR}: combines the outputs of batch shards into one class. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Combines the outputs of batches (the shards of one class, batch --shard K/N) into one gradebook.csv,"
                + " summary.json and submissions/ folder. Refuses outputs graded with different rubrics or grader"
                + " versions, or that hold the same student.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:merged", "2:invalid command line, or outputs that must not be merged"})
public final class MergeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "OUT", description = "The output folders of the batches.")
    private List<Path> inputs;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The merged output folder.")
    private Path out;

    @Option(names = "--gradebook-format", paramLabel = "FORMAT", defaultValue = "plain",
            description = "gradebook.csv's columns: plain (everything), canvas or moodle (default: ${DEFAULT-VALUE}).")
    private String gradebookFormat;

    @Option(names = "--assignment", paramLabel = "NAME", defaultValue = "concurrency-grader",
            description = "The grade column's name in the canvas and moodle gradebooks (default: ${DEFAULT-VALUE}).")
    private String assignment;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        GradebookFormat format;
        try {
            format = GradebookFormat.of(gradebookFormat);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--gradebook-format is plain, canvas or moodle, not " + gradebookFormat);
        }
        ClassSummary merged;
        try {
            merged = Merger.merge(inputs, out, format, assignment);
        } catch (MergeException refused) {
            spec.commandLine().getErr().println("merge: " + refused.getMessage());
            return 2;
        }
        stdout.println("Merged " + inputs.size() + " outputs, " + merged.students().size() + " students, into " + out
                + ": gradebook.csv, summary.json, summary.md");
        return 0;
    }
}
