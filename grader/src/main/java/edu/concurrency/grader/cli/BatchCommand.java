package edu.concurrency.grader.cli;

import edu.concurrency.grader.batch.BatchRunner;
import edu.concurrency.grader.batch.BatchSettings;
import edu.concurrency.grader.batch.ChildGrading;
import edu.concurrency.grader.batch.ClassFolders;
import edu.concurrency.grader.batch.Fingerprints;
import edu.concurrency.grader.batch.GradebookFormat;
import edu.concurrency.grader.batch.GraderBuild;
import edu.concurrency.grader.batch.Progress;
import edu.concurrency.grader.batch.Roster;
import edu.concurrency.grader.batch.RosterException;
import edu.concurrency.grader.batch.Shard;
import edu.concurrency.grader.process.ParentWatch;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.rubric.RubricException;
import edu.concurrency.grader.runner.GradingOptions;
import edu.concurrency.grader.sandbox.SandboxMode;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code batch ROOT}: grades every submission of a class (one per subfolder of ROOT), each as
 * {@code grade} would, and writes the gradebook and the class summary.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Grades a class: every immediate subfolder of ROOT is a submission (Classroom 50's gh teacher"
                + " download, the retired gh classroom clone, or one folder per student). Writes OUT/submissions/STUDENT/"
                + " (report.json, report.md), OUT/gradebook.csv, OUT/summary.json and OUT/summary.md.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every submission present was graded (whatever its score)", "2:invalid command line or roster",
                "3:the grader itself failed on a submission (its row says why)"})
public final class BatchCommand implements Callable<Integer> {
    /** Seconds a child grading gets beyond its submission time limit (JVM start, reports, killing). */
    private static final int CHILD_SLACK_SECONDS = 120;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "The class folder: one submission per immediate subfolder.")
    private Path root;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "batch-report",
            description = "The output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Grade N submissions at once (default: 2 on 2 or more cores, else 1). Performance criteria and"
                    + " jcstress still run alone on the machine (the timing lock).")
    private Integer jobs;

    @Option(names = "--force", description = "Grade every submission again, even those graded already with the same"
            + " sources, rubric and grader.")
    private boolean force;

    @Option(names = "--roster", paramLabel = "FILE",
            description = "A CSV roster with a header (github_username, username, login or identifier; optionally name,"
                    + " email, section): students on it without a submission are listed as missing.")
    private Path rosterFile;

    @Option(names = "--shard", paramLabel = "K/N", description = "Grade only shard K of N (by sorted student); merge"
            + " the outputs of all N with the merge command.")
    private String shard;

    @Option(names = "--gradebook-format", paramLabel = "FORMAT", defaultValue = "plain",
            description = "gradebook.csv's columns: plain (everything), canvas or moodle (default: ${DEFAULT-VALUE}).")
    private String gradebookFormat;

    @Option(names = "--assignment", paramLabel = "NAME", defaultValue = "concurrency-grader",
            description = "The grade column's name in the canvas and moodle gradebooks (default: ${DEFAULT-VALUE}).")
    private String assignment;

    @Option(names = "--only", split = ",", paramLabel = "EXERCISE", completionCandidates = BundledExercises.class,
            description = "Grade only these exercises (of the bundled rubric: ${COMPLETION-CANDIDATES});"
                    + " repeatable or comma-separated.")
    private List<String> only = new ArrayList<>();

    @Option(names = "--rubric", paramLabel = "PATH",
            description = "A rubric YAML file, or a folder of them, one or more exercises each (default: the bundled"
                    + " rubric).")
    private Path rubricFile;

    @Option(names = "--java", paramLabel = "PATH",
            description = "The java executable that runs the submissions (default: the one running the grader).")
    private Path java;

    @Option(names = "--cores", paramLabel = "N", description = "Scale timing thresholds to N cores (default: this machine's).")
    private Integer cores;

    @Option(names = "--timeout-factor", paramLabel = "F", defaultValue = "${env:GRADER_TIMEOUT_FACTOR:-1.0}",
            description = "Multiply every timeout by F on slow runners (default: ${DEFAULT-VALUE}; env GRADER_TIMEOUT_FACTOR).")
    private double timeoutFactor;

    @Option(names = "--heap", paramLabel = "MiB", defaultValue = "" + GradingOptions.DEFAULT_HEAP_MEGABYTES,
            description = "Maximum heap of the submissions' JVMs in MiB (default: ${DEFAULT-VALUE}).")
    private int heap;

    @Option(names = "--max-output", paramLabel = "BYTES", defaultValue = "" + GradingOptions.DEFAULT_MAX_OUTPUT_BYTES,
            description = "Bytes kept of the head and of the tail of each output stream of a submission (default: ${DEFAULT-VALUE}).")
    private int maxOutput;

    @Option(names = "--max-threads", paramLabel = "N", defaultValue = "" + GradingOptions.DEFAULT_MAX_THREADS,
            description = "The most live threads a submission's JVM may have (default: ${DEFAULT-VALUE}).")
    private int maxThreads;

    @Option(names = "--submission-timeout", paramLabel = "SECONDS",
            defaultValue = "" + GradingOptions.DEFAULT_SUBMISSION_TIMEOUT_SECONDS,
            description = "Total time the grading of one submission may take, times --timeout-factor (default: ${DEFAULT-VALUE}).")
    private int submissionTimeout;

    @Option(names = "--timing-lock", paramLabel = "FILE|none",
            description = "The file lock that keeps performance criteria and race probes alone on this machine (default:"
                    + " concurrency-grader-USER.lock in the temporary directory).")
    private String timingLockFile;

    @Option(names = "--sandbox", paramLabel = "auto|bwrap|none", defaultValue = "auto",
            converter = GradeCommand.SandboxModeConverter.class,
            description = "Where each submission's processes run (see grade --sandbox; default: ${DEFAULT-VALUE}): in bwrap a"
                    + " submission cannot read the others' folders.")
    private SandboxMode sandboxMode;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        int gradedCores = cores != null ? cores : Runtime.getRuntime().availableProcessors();
        int parallel = jobs != null ? jobs : defaultJobs();
        Shard selected;
        GradebookFormat format;
        Rubric rubric;
        try {
            GradingOptions.checkLimits(gradedCores, timeoutFactor, heap, maxOutput, maxThreads, submissionTimeout);
            if (parallel < 1) {
                throw new IllegalArgumentException("--jobs must be at least 1, not " + parallel);
            }
            selected = shard == null ? Shard.ALL : Shard.parse(shard);
            format = GradebookFormat.of(gradebookFormat);
            rubric = (rubricFile == null ? Rubric.loadDefault() : Rubric.load(rubricFile)).only(only);
        } catch (IllegalArgumentException | RubricException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage());
        }
        if (!Files.isDirectory(root)) {
            throw new ParameterException(spec.commandLine(), "ROOT is not a folder: " + root);
        }
        Roster roster;
        ClassFolders folders;
        try {
            roster = rosterFile == null ? null : Roster.read(rosterFile);
            folders = ClassFolders.scan(root);
        } catch (RosterException bad) {
            stderr.println("batch: " + bad.getMessage());
            return 2;
        }
        String rubricHash = Fingerprints.rubric(Fingerprints.rubricBytes(rubricFile), only);
        BatchSettings settings = new BatchSettings(root, out, rubric, rubricHash, GraderBuild.version(), roster, selected,
                parallel, force, gradeOptions(gradedCores, parallel), format, assignment);
        Duration childTimeout = Duration.ofSeconds(Math.round(submissionTimeout * timeoutFactor) + CHILD_SLACK_SECONDS);
        ChildGrading children = new ChildGrading(gradeCommand(), childTimeout);
        Thread stopChildren = new Thread(children::stopAll, "batch-stop-gradings");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        stdout.printf(Locale.ROOT, "Grading %s (%s layout, %d submission folders%s) into %s, %d at a time%n",
                root.toAbsolutePath().normalize(), folders.layout().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                folders.submissions().size(), selected.equals(Shard.ALL) ? "" : ", shard " + selected,
                out.toAbsolutePath().normalize(), parallel);
        stdout.flush();
        BatchRunner.Result result;
        int total = (int) BatchRunner.studentCount(folders, roster, selected);
        try (Progress progress = Progress.forConsole(total, stdout)) {
            result = new BatchRunner(settings, children).run(folders, progress);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopChildren);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs
        }
        stdout.printf(Locale.ROOT, "%d students: %s; graded now %d, kept from earlier runs %d; %.0f s%n",
                result.summary().students().size(), result.summary().students().stream()
                        .collect(Collectors.groupingBy(r -> r.status().label(), java.util.TreeMap::new, Collectors.counting()))
                        .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")),
                result.graded(), result.kept(), result.summary().wallSeconds());
        stdout.println("Gradebook: " + out.resolve("gradebook.csv") + "; summary: " + out.resolve("summary.json"));
        return result.exitCode();
    }

    /** The default {@code --jobs}: 2 on a machine with 2 or more cores, else 1. */
    static int defaultJobs() {
        return Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1;
    }

    /** {@code java -cp GRADER GraderMain grade}, with the grader's own system properties that matter to a grading. */
    private static List<String> gradeCommand() {
        // The child's own JVM, which coordinates and never runs the submission's code, compiles with
        // C1 only: it lives for one grading, and C2 cost it about 1.5 s of CPU time (measured on 2
        // cores). The submission's JVMs are started by the child with the JIT's defaults.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", ParentWatch.property()));
        for (String property : List.of("concurrency.grader.cgroups", "grader.jar")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.addAll(List.of("-cp", GraderFiles.classPath().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)), GraderMain.class.getName(), "grade"));
        return command;
    }

    /**
     * The options of each {@code grade}: with {@code parallel} gradings at once, each runs as many
     * of the submission's JVMs at once ({@code --lanes}) as leaves every grading its share of the
     * processors, at least one.
     */
    private List<String> gradeOptions(int gradedCores, int parallel) {
        List<String> options = new ArrayList<>();
        options.addAll(List.of("--lanes", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / parallel))));
        if (!only.isEmpty()) {
            options.addAll(List.of("--only", String.join(",", only)));
        }
        if (rubricFile != null) {
            options.addAll(List.of("--rubric", rubricFile.toAbsolutePath().toString()));
        }
        if (java != null) {
            options.addAll(List.of("--java", java.toAbsolutePath().toString()));
        }
        if (timingLockFile != null) {
            options.addAll(List.of("--timing-lock", "none".equals(timingLockFile) ? "none"
                    : Path.of(timingLockFile).toAbsolutePath().toString()));
        }
        options.addAll(List.of("--sandbox", sandboxMode.toString()));
        options.addAll(List.of("--cores", String.valueOf(gradedCores), "--timeout-factor", String.valueOf(timeoutFactor),
                "--heap", String.valueOf(heap), "--max-output", String.valueOf(maxOutput), "--max-threads",
                String.valueOf(maxThreads), "--submission-timeout", String.valueOf(submissionTimeout),
                // a full-marks threshold of 0: the exit code then says only whether the grader itself failed
                "--min-score", "0"));
        return options;
    }
}
