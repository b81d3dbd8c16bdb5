package edu.concurrency.grader.classroom;

import java.io.PrintWriter;
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

/**
 * {@code export-template OUT}: writes the GitHub Classroom starter repository (and with
 * {@code --gradescope}, the Gradescope autograder; with {@code --classroom50}, the Classroom 50
 * autograder bundle) from the course repository; see {@link TemplateExporter}.
 */
@Command(name = "export-template", mixinStandardHelpOptions = true,
        description = {"Writes the student starter repository (for Classroom 50, Gradescope or GitHub Classroom) to OUT: the stubs and provided"
                + " classes, the grader and probes as sources (mvn verify grades exercises/), the README (the"
                + " handout, from the stubs' Javadoc and the rubric), .github/workflows/classroom.yml and the tamper"
                + " manifest. Never solutions/, the grader's tests and test submissions, or hidden criteria.",
                "Run it in the course repository (the one with solutions/)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:the repository or OUT is unsuitable (the message says why)", "2:invalid command line"})
public final class ExportTemplateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT",
            description = "The template directory: new, empty, or holding only .git (see --force).")
    private Path out;

    @Option(names = "--repo", paramLabel = "DIR",
            description = "The course repository (default: the one around the current directory).")
    private Path repo;

    @Option(names = "--rubric", paramLabel = "PATH",
            description = "The instructor's rubric: a file, or a folder of *.yaml files (default: the folder"
                    + " grader/src/main/resources/rubric of the repository)."
                    + " Hidden criteria are left out of the template.")
    private Path rubric;

    @Option(names = "--only", split = ",", paramLabel = "EXERCISE",
            description = "Export only these exercises; repeatable or comma-separated (default: all of the rubric).")
    private List<String> only = new ArrayList<>();

    @Option(names = "--gradescope", arity = "0..1", paramLabel = "DIR", fallbackValue = "",
            description = "Also write the Gradescope autograder (setup.sh, run_autograder and the grader, hidden criteria"
                    + " included) to DIR (default: OUT-gradescope next to OUT).")
    private String gradescope;

    @Option(names = "--classroom50", arity = "0..1", paramLabel = "DIR", fallbackValue = "",
            description = "Also write the Classroom 50 autograder bundle (autograder.py, the grader as sources, hidden"
                    + " criteria included, runtime.json, README.md) to DIR (default: OUT-classroom50 next to OUT), for"
                    + " CLASSROOM/autograders/ASSIGNMENT/ of the classroom50 repository. The bundle is published: nothing"
                    + " in it is secret.")
    private String classroom50;

    @Option(names = "--java-version", paramLabel = "N", defaultValue = "17",
            description = "The JDK the workflow sets up and Gradescope installs (default: ${DEFAULT-VALUE}).")
    private int javaVersion;

    @Option(names = "--timeout-factor", paramLabel = "F", defaultValue = "1",
            description = "GRADER_TIMEOUT_FACTOR of the workflow and of run_autograder (default: ${DEFAULT-VALUE}).")
    private double timeoutFactor;

    @Option(names = "--timeout-minutes", paramLabel = "M", defaultValue = "30",
            description = "The time limit of the workflow's job (default: ${DEFAULT-VALUE}).")
    private int timeoutMinutes;

    @Option(names = "--force", description = "Replace the content of a non-empty OUT (and Gradescope DIR); .git is kept.")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Path course = repo != null ? repo : findRepository(Path.of("").toAbsolutePath());
        Path target = out.toAbsolutePath().normalize();
        Path gradescopeDir = gradescope == null ? null : gradescope.isBlank()
                ? target.resolveSibling(target.getFileName() + "-gradescope") : Path.of(gradescope);
        Path classroom50Dir = classroom50 == null ? null : classroom50.isBlank()
                ? target.resolveSibling(target.getFileName() + "-classroom50") : Path.of(classroom50);
        TemplateSettings settings;
        try {
            settings = new TemplateSettings(javaVersion, timeoutFactor, timeoutMinutes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        TemplateExporter.Result result;
        try {
            result = new TemplateExporter().export(new TemplateExporter.Request(course, rubric, only, target, gradescopeDir,
                    settings, force, classroom50Dir));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("export-template: " + e.getMessage());
            return 1;
        }
        console.printf("Wrote the template of %s (%d points) to %s: %d files.%n", String.join(", ", result.exercises()),
                result.maxScore(), result.out(), result.files());
        console.printf("Tamper manifest: %s, sha256 %s%n", TamperManifest.LOCATION, result.fingerprint());
        result.warnings().forEach(w -> console.println("Warning: " + w));
        if (result.gradescope() != null) {
            console.printf("Wrote the Gradescope autograder to %s (zip its contents; see its README.md).%n", result.gradescope());
        }
        if (result.classroom50() != null) {
            console.printf("Wrote the Classroom 50 autograder bundle to %s (%d bytes; copy its contents to"
                    + " CLASSROOM/autograders/ASSIGNMENT/ of your classroom50 repository; see its README.md).%n",
                    result.classroom50(), Classroom50Bundle.size(result.classroom50()));
        }
        console.println("Next: check it with `mvn verify` there (it fails on the stubs, with a score of 0), push it to a"
                + " new repository, mark that repository as a template, and use it for a Classroom 50 (or GitHub Classroom)"
                + " assignment.");
        return 0;
    }

    /** The nearest directory, from {@code start} upwards, that holds {@code grader/pom.xml} and {@code exercises/}. */
    private Path findRepository(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("grader/pom.xml")) && Files.isDirectory(dir.resolve("exercises"))) {
                return dir;
            }
        }
        throw new ParameterException(spec.commandLine(), "no course repository (with grader/pom.xml and exercises/) around "
                + start + "; use --repo DIR");
    }
}
