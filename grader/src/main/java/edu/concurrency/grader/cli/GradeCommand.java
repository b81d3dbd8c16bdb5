package edu.concurrency.grader.cli;

import edu.concurrency.grader.classroom.GradingOutputs;
import edu.concurrency.grader.classroom.ResultFormat;
import edu.concurrency.grader.process.ParentWatch;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.rubric.RubricException;
import edu.concurrency.grader.runner.Grader;
import edu.concurrency.grader.runner.GradingOptions;
import edu.concurrency.grader.runner.TimingLock;
import edu.concurrency.grader.runner.WriteWatch;
import edu.concurrency.grader.sandbox.Sandbox;
import edu.concurrency.grader.sandbox.SandboxMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code grade [SUBMISSION]}: grades a submission, prints the score table, writes {@code report.json},
 * {@code report.md} and {@code report.html}, and exits with 0 only when the score reaches {@code --min-score}.
 */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = "Grades a submission: a directory laid out like exercises/ (src/main/java/...), or a"
                + " repository root that contains exercises/.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the score reaches --min-score", "1:the score is below --min-score",
                "2:invalid command line", "3:the grader itself failed (a report is still written)"})
public final class GradeCommand implements Callable<Integer> {
    static final int BELOW_THRESHOLD = 1;
    static final int GRADER_FAILURE = 3;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SUBMISSION",
            description = "The submission directory (default: exercises/ of the repository around the current directory).")
    private Path submission;

    @Option(names = "--only", split = ",", paramLabel = "EXERCISE", completionCandidates = BundledExercises.class,
            description = "Grade only these exercises (of the bundled rubric: ${COMPLETION-CANDIDATES});"
                    + " repeatable or comma-separated.")
    private List<String> only = new ArrayList<>();

    @Option(names = "--criteria", split = ",", paramLabel = "ID",
            description = "Grade only these criteria (and those they require), e.g. queue.timed,queue.stress: a quick"
                    + " check of one fix; the report says it is partial and the exit code counts only these.")
    private List<String> criteria = new ArrayList<>();

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "grading-report",
            description = "Where report.json, report.md and report.html go (default: ${DEFAULT-VALUE}).")
    private Path reportDir;

    @Option(names = "--rubric", paramLabel = "PATH",
            description = "A rubric YAML file, or a folder of them, one or more exercises each (default: the bundled"
                    + " rubric).")
    private Path rubricFile;

    @Option(names = "--min-score", paramLabel = "PERCENT", defaultValue = "100",
            description = "Exit with 0 only when the score reaches this percentage of the maximum (default: ${DEFAULT-VALUE}).")
    private double minScore;

    @Option(names = "--java", paramLabel = "PATH",
            description = "The java executable that runs the submission (default: the one running the grader).")
    private Path java;

    @Option(names = "--cores", paramLabel = "N",
            description = "Scale timing thresholds to N cores (default: the cores of this machine).")
    private Integer cores;

    @Option(names = "--timeout-factor", paramLabel = "F", defaultValue = "${env:GRADER_TIMEOUT_FACTOR:-1.0}",
            description = "Multiply every timeout by F on slow runners (default: ${DEFAULT-VALUE}; env GRADER_TIMEOUT_FACTOR).")
    private double timeoutFactor;

    @Option(names = "--heap", paramLabel = "MiB", defaultValue = "" + GradingOptions.DEFAULT_HEAP_MEGABYTES,
            description = "Maximum heap of the submission's JVMs in MiB (default: ${DEFAULT-VALUE}).")
    private int heap;

    @Option(names = "--max-output", paramLabel = "BYTES", defaultValue = "" + GradingOptions.DEFAULT_MAX_OUTPUT_BYTES,
            description = "Bytes kept of the head and of the tail of each output stream of the submission (default: ${DEFAULT-VALUE}).")
    private int maxOutput;

    @Option(names = "--max-threads", paramLabel = "N", defaultValue = "" + GradingOptions.DEFAULT_MAX_THREADS,
            description = "The most live threads a submission's JVM may have; above it the running criterion fails"
                    + " (default: ${DEFAULT-VALUE}; at least " + GradingOptions.MIN_MAX_THREADS + ").")
    private int maxThreads;

    @Option(names = "--submission-timeout", paramLabel = "SECONDS",
            defaultValue = "" + GradingOptions.DEFAULT_SUBMISSION_TIMEOUT_SECONDS,
            description = "Total time the grading of the submission may take, multiplied by --timeout-factor; criteria"
                    + " not judged by then are errors (default: ${DEFAULT-VALUE}).")
    private int submissionTimeout;

    @Option(names = "--probes-jar", paramLabel = "JAR", description = "The jcstress probes jar (default: the one inside the grader).")
    private Path probesJar;

    @Option(names = "--keep-work", description = "Keep the scratch directory (compiled classes, plans, jcstress results).")
    private boolean keepWork;

    @Option(names = "--format", split = ",", paramLabel = "FORMAT", converter = ResultFormat.Converter.class,
            completionCandidates = ResultFormat.Candidates.class,
            description = "Result formats (${COMPLETION-CANDIDATES}); repeatable or comma-separated. The console table,"
                    + " report.json and report.md are always written; gradescope adds results.json, classroom adds"
                    + " classroom-result.b64 and appends result=BASE64 to $GITHUB_OUTPUT, classroom50 adds result.json and"
                    + " release-body.md and appends status= and summary= to $GITHUB_OUTPUT.")
    private List<ResultFormat> formats = new ArrayList<>();

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "The tamper manifest to check (default: .grader/manifest.json of a template copy around SUBMISSION, if any).")
    private Path manifest;

    @Option(names = "--timing-lock", paramLabel = "FILE|none",
            description = "The file that keeps performance criteria and race probes of gradings on this machine apart:"
                    + " they run only while no other grading works; 'none' coordinates with nobody (default:"
                    + " concurrency-grader-USER.lock in the temporary directory).")
    private String timingLockFile;

    @Option(names = "--lanes", paramLabel = "N",
            description = "How many of the submission's JVMs run at once while the grading shares the machine"
                    + " (correctness and architecture criteria, model checks); performance criteria and jcstress's"
                    + " forks always run alone (default: 2 on a machine with two processors or more, else 1).")
    private Integer lanes;

    @Option(names = "--cache-dir", paramLabel = "DIR|none",
            description = "Where findings about the JDK (jcstress's probing of it: about 25 JVM starts) are kept between"
                    + " gradings; 'none' probes every time (default: $XDG_CACHE_HOME/concurrency-grader/jcstress-vm,"
                    + " else ~/.cache/concurrency-grader/jcstress-vm).")
    private String cacheDir;

    @Option(names = "--sandbox", paramLabel = "auto|bwrap|none", defaultValue = "auto",
            converter = SandboxModeConverter.class,
            description = "Where the submission's processes run: bwrap (bubblewrap: no files of this user, no network,"
                    + " killed with the grading; fails when bwrap cannot run), none (as this user), or auto: bwrap when"
                    + " a trial run works here, else none (default: ${DEFAULT-VALUE}; the report's notes say which ran).")
    private SandboxMode sandboxMode;

    @Option(names = "--exit-with-parent", hidden = true,
            description = "End the grading (killing everything it started) as soon as the process that started the"
                    + " grader is gone: for gradings run by batch, which may be killed with SIGKILL.")
    private boolean exitWithParent;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (exitWithParent) {
            // System.exit runs the shutdown hooks that kill every process tree of this grading
            ParentWatch.start(() -> System.exit(GRADER_FAILURE));
        }
        int gradedCores = cores != null ? cores : Runtime.getRuntime().availableProcessors();
        try {
            GradingOptions.checkLimits(gradedCores, timeoutFactor, heap, maxOutput, maxThreads, submissionTimeout);
        } catch (IllegalArgumentException outOfRange) {
            throw new ParameterException(spec.commandLine(), outOfRange.getMessage());
        }
        if (lanes != null && lanes < 1) {
            throw new ParameterException(spec.commandLine(), "--lanes must be at least 1, not " + lanes);
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path repo = GraderFiles.repositoryRoot(cwd).orElse(cwd);
        Path target = submission != null ? submission : repo.resolve("exercises");
        Rubric loaded = rubricFile == null ? Rubric.loadDefault() : Rubric.load(rubricFile);
        Rubric full;
        Rubric rubric;
        try {
            full = loaded.only(only);
            rubric = full.onlyCriteria(criteria);
        } catch (RubricException unknown) {
            throw new ParameterException(spec.commandLine(), unknown.getMessage());
        }
        GradingOutputs outputs = GradingOutputs.prepare(target, manifest, formats, System.getenv());
        Path work = Files.createTempDirectory("concurrency-grader-");
        ReportWriter writer = new ReportWriter();
        Report report;
        int failure = 0;
        WriteWatch watch = WriteWatch.forGrading(reportDir, target, cwd, work);
        WriteWatch.Snapshot before = watch.snapshot();
        String sandboxNote = null;
        try {
            Sandbox.Choice sandbox = Sandbox.choose(sandboxMode);
            sandboxNote = sandbox.note();
            GradingOptions options = new GradingOptions(
                    java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java"),
                    GraderFiles.classPath(),
                    probesJar != null ? probesJar : GraderFiles.probesJar(work, repo).orElse(work.resolve("no-probes.jar")),
                    work,
                    gradedCores, timeoutFactor, heap, maxOutput, maxThreads, submissionTimeout,
                    "none".equals(cacheDir) ? null
                            : cacheDir != null ? Path.of(cacheDir) : GradingOptions.defaultCacheDir(System.getenv()),
                    sandbox.sandbox().withHome(Files.createDirectories(work.resolve("sandbox-home"))));
            out.println("Grading " + target.toAbsolutePath().normalize() + " ...");
            out.flush();
            try (TimingLock lock = "none".equals(timingLockFile) ? TimingLock.none()
                    : TimingLock.open(timingLockFile == null ? TimingLock.defaultFile() : Path.of(timingLockFile))) {
                report = (lanes == null ? new Grader(rubric, options, lock) : new Grader(rubric, options, lock, lanes))
                        .grade(target);
            }
        } catch (Exception | Error e) {
            report = Grader.failedRun(rubric, target, e);
            failure = GRADER_FAILURE;
        } finally {
            if (!keepWork) {
                FileUtils.deleteQuietly(work.toFile()); // a scratch directory in the system temp
            }
        }
        List<String> notes = new ArrayList<>(report.notes());
        WriteWatch.note(watch.changedSince(before)).ifPresent(notes::add);
        if (sandboxNote != null) {
            notes.add(sandboxNote);
        }
        if (rubric.criteriaCount() < full.criteriaCount()) {
            notes.add(0, "Partial grading: only " + rubric.criteriaCount() + " of " + full.criteriaCount() + " criteria"
                    + " were run (--criteria " + String.join(",", criteria) + ", and what they require); the score and"
                    + " the exit code count only these");
        }
        report = report.withNotes(notes);
        report = outputs.annotate(report);
        List<Path> files = new ArrayList<>(writer.write(report, reportDir));
        files.addAll(outputs.write(report, rubric, failure != 0, reportDir));
        appendStepSummary(writer.markdown(report));
        out.println(writer.consoleTable(report, spec.usageMessage().width() + 40));
        out.printf("Score: %d / %d%n", report.score(), report.maxScore());
        report.notes().forEach(n -> out.println("Note: " + n));
        out.println("Reports: " + files.stream().map(Path::toString).collect(Collectors.joining(", ")));
        if (failure != 0) {
            return failure;
        }
        return report.reaches(minScore) ? 0 : BELOW_THRESHOLD;
    }

    private static void appendStepSummary(String markdown) throws IOException {
        String summary = System.getenv("GITHUB_STEP_SUMMARY");
        if (summary != null && !summary.isBlank()) {
            Files.writeString(Path.of(summary), markdown, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Reads {@code --sandbox}. */
    static final class SandboxModeConverter implements picocli.CommandLine.ITypeConverter<SandboxMode> {
        @Override
        public SandboxMode convert(String value) {
            try {
                return SandboxMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
