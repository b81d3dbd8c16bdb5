package edu.concurrency.grader.classroom;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code export-regrade-workflow [FILE]}: writes the class re-grading workflow ({@link RegradeWorkflow}). */
@Command(name = "export-regrade-workflow", mixinStandardHelpOptions = true,
        description = {"Writes a GitHub Actions workflow for the instructor's private course repository that re-grades"
                + " a whole class: N shard jobs (batch --shard K/N), each uploading its grades, and a job that merges them"
                + " into one gradebook and shows the class summary. Fill in its step 'Fetch the class'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:FILE exists (see --force)", "2:invalid command line"})
public final class ExportRegradeWorkflowCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = RegradeWorkflow.LOCATION,
            description = "Where to write it (default: ${DEFAULT-VALUE}).")
    private Path file;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "4",
            description = "Shard jobs, 1 to 256 (default: ${DEFAULT-VALUE}).")
    private int shards;

    @Option(names = "--jobs", paramLabel = "N", description = "batch --jobs of each shard (default: batch's default).")
    private Integer jobs;

    @Option(names = "--only", split = ",", paramLabel = "EXERCISE", description = "Grade only these exercises.")
    private List<String> only = new ArrayList<>();

    @Option(names = "--rubric", paramLabel = "PATH",
            description = "The rubric, a file or a folder of *.yaml files, relative to the repository"
                    + " (default: the bundled one).")
    private String rubric;

    @Option(names = "--roster", paramLabel = "FILE", description = "The roster CSV, relative to the repository (batch --roster).")
    private String roster;

    @Option(names = "--java-version", paramLabel = "N", defaultValue = "17", description = "The JDK set up (default: ${DEFAULT-VALUE}).")
    private int javaVersion;

    @Option(names = "--timeout-factor", paramLabel = "F", defaultValue = "1",
            description = "GRADER_TIMEOUT_FACTOR of the workflow (default: ${DEFAULT-VALUE}).")
    private double timeoutFactor;

    @Option(names = "--timeout-minutes", paramLabel = "M", defaultValue = "120",
            description = "The time limit of each shard job (default: ${DEFAULT-VALUE}).")
    private int timeoutMinutes;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        RegradeWorkflow workflow;
        try {
            workflow = new RegradeWorkflow(shards, new TemplateSettings(javaVersion, timeoutFactor, timeoutMinutes), jobs, only,
                    rubric, roster);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (Files.exists(file) && !force) {
            spec.commandLine().getErr().println("export-regrade-workflow: " + file + " exists; --force replaces it");
            return 1;
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, workflow.yaml(), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("Wrote " + file + " (" + shards + " shards). Fill in its step 'Fetch the class',"
                + " commit it to your private course repository, and run it from the Actions tab.");
        return 0;
    }
}
