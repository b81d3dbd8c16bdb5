package edu.concurrency.grader.classroom;

import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.rubric.RubricFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * Writes the student starter repository of a course repository (the one with {@code exercises/},
 * {@code jcstress-tests/} and {@code grader/}), and optionally the Gradescope autograder and the
 * Classroom 50 autograder bundle ({@link Classroom50Bundle}).
 *
 * <p>The template carries the grader as sources: the root pom, {@code exercises/} (the stubs and
 * provided classes of the exported exercises, nothing else), {@code jcstress-tests/} (the probes of
 * those exercises) and {@code grader/} ({@code pom.xml} and {@code src/main} only, with the
 * template's rubric as its bundled rubric, one file per exercise in {@code rubric/}). Without
 * {@code solutions/}, the root build's profile {@code grade-exercises} makes {@code mvn verify} grade
 * {@code exercises/} and fail below full marks. Besides: {@code .grader/api/} (a pristine copy of
 * the exercise module, which the Classroom workflow builds the grader against, so that a
 * student's compile error cannot stop grading),
 * {@code .github/workflows/classroom.yml}, the README (the handout), {@code .gitignore}, and the
 * {@linkplain TamperManifest tamper manifest}. Never copied: {@code solutions/}, the grader's tests
 * and test submissions ({@code grader/src/test}), the project's CI, build output, and the suites,
 * probes and rubric entries of hidden criteria, and IDE metadata.
 */
public final class TemplateExporter {
    /** Where the grader's bundled rubric lives in a module tree: a folder of one file per exercise. */
    static final String RUBRIC = "grader/src/main/resources/" + RubricFiles.FOLDER;
    static final String EXERCISE_SOURCES = "exercises/src/main/java";
    static final String API_DIR = ".grader/api";
    private static final String SUITES = "edu/concurrency/grader/suites";
    private static final String PROBES_SOURCES = "jcstress-tests/src/main/java";
    private static final String GRADER_SOURCES = "grader/src/main/java";

    /** Files protected outside the protected directories. */
    static final List<String> PROTECTED_FILES = List.of("pom.xml", "exercises/pom.xml");
    /** Directories whose every file is protected (and in which no file may be added). */
    static final List<String> PROTECTED_DIRECTORIES = List.of("grader", "jcstress-tests", ".github/workflows", ".grader", ".mvn");

    /**
     * What to export.
     *
     * @param repo          the course repository
     * @param rubricFile    the instructor's rubric, or null for the repository's {@value #RUBRIC}
     * @param only          exercise ids to export; all when empty
     * @param out           the template directory: missing, empty, or holding only {@code .git}
     * @param gradescopeDir where to write the Gradescope autograder, or null for none
     * @param settings      workflow settings
     * @param force         empty a non-empty {@code out} (and the autograder directories) first, keeping {@code .git}
     * @param classroom50Dir where to write the Classroom 50 autograder bundle, or null for none
     */
    public record Request(Path repo, Path rubricFile, List<String> only, Path out, Path gradescopeDir,
                          TemplateSettings settings, boolean force, Path classroom50Dir) {
        public Request {
            only = only == null ? List.of() : List.copyOf(only);
        }

        /** A request without the Classroom 50 bundle. */
        public Request(Path repo, Path rubricFile, List<String> only, Path out, Path gradescopeDir,
                       TemplateSettings settings, boolean force) {
            this(repo, rubricFile, only, out, gradescopeDir, settings, force, null);
        }
    }

    /**
     * What was written.
     *
     * @param out         the template
     * @param files       files written into it
     * @param maxScore    points the template grades
     * @param exercises   exported exercise ids
     * @param fingerprint SHA-256 of its manifest file: compare it with the one a graded copy reports
     * @param warnings    what the instructor should know
     * @param gradescope  the Gradescope autograder directory, or null
     * @param classroom50 the Classroom 50 autograder bundle, or null
     */
    public record Result(Path out, int files, int maxScore, List<String> exercises, String fingerprint,
                         List<String> warnings, Path gradescope, Path classroom50) {
    }

    /**
     * Exports the template (and the Gradescope autograder, if requested).
     *
     * @throws IOException              when files cannot be read or written
     * @throws IllegalArgumentException when the repository or the target is unsuitable
     */
    public Result export(Request request) throws IOException {
        Path repo = request.repo().toAbsolutePath().normalize();
        for (String required : List.of("pom.xml", "exercises/pom.xml", "jcstress-tests/pom.xml", "grader/pom.xml")) {
            if (!Files.isRegularFile(repo.resolve(required))) {
                throw new IllegalArgumentException(repo + " is not the course repository: it has no " + required);
            }
        }
        outsideTemplate(request, request.gradescopeDir(), "the Gradescope autograder holds the hidden criteria");
        outsideTemplate(request, request.classroom50Dir(), "the Classroom 50 bundle holds the hidden criteria");
        Path rubricFile = request.rubricFile() != null ? request.rubricFile() : repo.resolve(RUBRIC);
        Rubric full = Rubric.load(rubricFile).only(request.only());
        TemplateRubric plan = TemplateRubric.of(full);
        List<String> warnings = new ArrayList<>(plan.warnings());
        for (Exercise e : full.exercises()) {
            if (!Files.isDirectory(repo.resolve(EXERCISE_SOURCES).resolve(e.packagePath()))) {
                warnings.add("exercise " + e.id() + " has no stubs in " + EXERCISE_SOURCES + "/" + e.packagePath());
            }
        }
        String header = rubricHeader(rubricFile);

        Path out = prepare(request.out(), request.force());
        copyModules(repo, out, plan.exported(), plan.suitePackages(), plan.hiddenOnly()::contains);
        writeRubric(out, plan.exported(),
                "# The rubric of this assignment, exported by `concurrency-grader export-template`.\n" + header);
        copyExerciseModule(repo, out.resolve(API_DIR), plan.exported());
        write(out.resolve(TemplateSettings.WORKFLOW_PATH), Templates.render("classroom.yml", request.settings().model()));
        write(out.resolve(".gitignore"), Templates.render("gitignore", Map.of()));
        List<String> shownProtected = new ArrayList<>(PROTECTED_FILES);
        PROTECTED_DIRECTORIES.forEach(d -> shownProtected.add(d + "/"));
        write(out.resolve("README.md"), StudentReadme.render(plan.exported(), out.resolve(EXERCISE_SOURCES),
                EXERCISE_SOURCES, shownProtected, request.settings(), request.classroom50Dir() != null));
        TamperManifest digests = TamperManifest.compute(out, PROTECTED_FILES, PROTECTED_DIRECTORIES);
        Path manifest = (request.classroom50Dir() == null ? digests
                : digests.withPlatformFiles(List.of(TamperManifest.CLASSROOM50_SHIM))).write(out);
        selfCheck(out);

        Path gradescope = null;
        if (request.gradescopeDir() != null) {
            gradescope = exportGradescope(repo, full, header, request);
        }
        Path classroom50 = null;
        if (request.classroom50Dir() != null) {
            classroom50 = prepare(request.classroom50Dir(), request.force());
            copyGrader(repo, full, header, classroom50,
                    "# The instructor's rubric for Classroom 50 (hidden criteria included; the bundle is public).\n");
            warnings.addAll(Classroom50Bundle.write(classroom50, full, manifest, request.settings()));
        }
        int files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = (int) walk.filter(Files::isRegularFile).filter(p -> !out.relativize(p).startsWith(".git")).count();
        }
        return new Result(out, files, plan.exported().exercises().stream().mapToInt(Exercise::maxPoints).sum(),
                plan.exported().exercises().stream().map(Exercise::id).toList(), TamperManifest.fingerprint(manifest),
                warnings, gradescope, classroom50);
    }

    /** Refuses an autograder directory inside the template (or the template inside it). */
    private static void outsideTemplate(Request request, Path autograder, String why) {
        if (autograder == null) {
            return;
        }
        Path out = request.out().toAbsolutePath().normalize();
        Path dir = autograder.toAbsolutePath().normalize();
        if (dir.startsWith(out) || out.startsWith(dir)) {
            throw new IllegalArgumentException(why + ": write it outside the student template, not to " + dir);
        }
    }

    /**
     * Writes the grader as sources with the full rubric (hidden criteria included) into {@code dir},
     * as the Gradescope autograder and the Classroom 50 bundle build it: the root pom, the exercise
     * module (stubs and provided classes: the API the grader compiles against), the probes and the grader.
     *
     * @param comment the first line of the rubric file, before {@code header}
     */
    private static void copyGrader(Path repo, Rubric full, String header, Path dir, String comment) throws IOException {
        Set<String> packages = TemplateRubric.classes(full.exercises().stream().flatMap(e -> e.criteria().stream()))
                .stream().map(c -> c.substring(0, Math.max(0, c.lastIndexOf('.'))).replace('.', '/'))
                .collect(Collectors.toSet());
        copyModules(repo, dir, full, packages, cls -> false);
        writeRubric(dir, full, comment + header);
    }

    /**
     * Writes {@code rubric} as the bundled rubric of the module tree {@code root}: one file
     * {@code RUBRIC/<exercise>.yaml} per exercise, whose {@code order} keeps the rubric's order.
     *
     * @param header comment lines at the top of every file
     */
    private static void writeRubric(Path root, Rubric rubric, String header) throws IOException {
        int order = 0;
        for (Exercise e : rubric.exercises()) {
            order++;
            write(root.resolve(RUBRIC).resolve(e.id() + RubricFiles.SUFFIX),
                    TemplateRubric.yaml(new Rubric(List.of(e)), header + "order: " + order + "\n"));
        }
    }

    private Path exportGradescope(Path repo, Rubric full, String header, Request request) throws IOException {
        Path dir = prepare(request.gradescopeDir(), request.force());
        copyGrader(repo, full, header, dir, "# The instructor's rubric for Gradescope (hidden criteria included: keep private).\n");
        Map<String, Object> model = new LinkedHashMap<>(request.settings().model());
        model.put("title", full.exercises().size() == 1 ? full.exercises().get(0).title() : "Java concurrency exercises");
        model.put("exercises", full.exercises().stream().map(e -> Map.of("id", e.id(), "maxPoints", e.maxPoints())).toList());
        model.put("maxScore", full.exercises().stream().mapToInt(Exercise::maxPoints).sum());
        model.put("dirName", dir.getFileName().toString());
        write(dir.resolve("setup.sh"), Templates.render("setup.sh", model));
        write(dir.resolve("run_autograder"), Templates.render("run_autograder", model));
        write(dir.resolve("README.md"), Templates.render("gradescope-README.md", model));
        for (String script : List.of("setup.sh", "run_autograder")) {
            makeExecutable(dir.resolve(script));
        }
        return dir;
    }

    /**
     * Copies the root pom, the exercise module (only {@code rubric}'s packages), the probes and the
     * grader (without tests) from {@code repo} to {@code out}.
     *
     * @param packages the suite and probe packages (with '/') the rubric's criteria use
     * @param excluded classes (fully qualified) to leave out
     */
    private static void copyModules(Path repo, Path out, Rubric rubric, Set<String> packages, Predicate<String> excluded)
            throws IOException {
        copy(repo.resolve("pom.xml"), out.resolve("pom.xml"));
        copyExerciseModule(repo, out.resolve("exercises"), rubric);
        copy(repo.resolve("jcstress-tests/pom.xml"), out.resolve("jcstress-tests/pom.xml"));
        copyTree(repo.resolve("jcstress-tests/src/main"), out.resolve("jcstress-tests/src/main"),
                rel -> keepSource(rel, "java/", packages, null, excluded));
        copy(repo.resolve("grader/pom.xml"), out.resolve("grader/pom.xml"));
        // the repository's rubric files stay behind (they name every exercise and hidden criterion):
        // the caller writes the exported rubric; the folder's README (the fields) comes along
        copyTree(repo.resolve("grader/src/main"), out.resolve("grader/src/main"),
                rel -> !isRubricFile(rel) && keepSource(rel, "java/", packages, SUITES, excluded));
    }

    /** Copies {@code exercises/pom.xml} and the rubric's exercise packages (sources and resources) to {@code target}. */
    private static void copyExerciseModule(Path repo, Path target, Rubric rubric) throws IOException {
        copy(repo.resolve("exercises/pom.xml"), target.resolve("pom.xml"));
        for (Exercise e : rubric.exercises()) {
            for (String kind : List.of("java", "resources")) {
                Path from = repo.resolve("exercises/src/main").resolve(kind).resolve(e.packagePath());
                if (Files.isDirectory(from)) {
                    copyTree(from, target.resolve("src/main").resolve(kind).resolve(e.packagePath()), rel -> true);
                }
            }
        }
    }

    /** Whether a file of the grader module (path relative to {@code src/main}) is one of its rubric files. */
    private static boolean isRubricFile(String rel) {
        String folder = "resources/" + RubricFiles.FOLDER + "/";
        return rel.startsWith(folder) && rel.endsWith(RubricFiles.SUFFIX) && rel.indexOf('/', folder.length()) < 0;
    }

    /**
     * Whether a source file of a module (path relative to {@code src/main}) belongs in the export:
     * non-Java files do; a Java file does unless its class is excluded, or its package is one of
     * the grader's suites packages ({@code suitesRoot}; for the probes module, any package) that
     * the rubric does not use. Packages named {@code support}, and the packages above and below a
     * used one, are kept (shared helpers, {@code package-info}, stages a suite starts).
     */
    private static boolean keepSource(String rel, String javaPrefix, Set<String> packages, String suitesRoot,
                                      Predicate<String> excluded) {
        if (!rel.startsWith(javaPrefix) || !rel.endsWith(".java")) {
            return true;
        }
        String file = rel.substring(javaPrefix.length());
        String className = file.substring(0, file.length() - ".java".length()).replace('/', '.');
        if (excluded.test(className)) {
            return false;
        }
        String pkg = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
        if (suitesRoot != null && !(pkg.equals(suitesRoot) || pkg.startsWith(suitesRoot + "/"))) {
            return true;
        }
        return packages.contains(pkg) || pkg.endsWith("/support") || pkg.contains("/support/")
                || packages.stream().anyMatch(p -> p.startsWith(pkg + "/") || pkg.startsWith(p + "/"));
    }

    private static void copyTree(Path from, Path to, Predicate<String> keep) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                Path rel = from.relativize(p);
                String relText = rel.toString().replace('\\', '/');
                if (TamperManifest.isSource(Path.of("src").resolve(rel)) && keep.test(relText)) {
                    copy(p, to.resolve(relText));
                }
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /**
     * The comment lines at the top of an instructor's rubric file (its field documentation); none
     * for a rubric folder, whose README comes along with the grader's resources.
     */
    private static String rubricHeader(Path rubricFile) throws IOException {
        StringBuilder header = new StringBuilder();
        if (Files.isDirectory(rubricFile)) {
            return "";
        }
        for (String line : Files.readAllLines(rubricFile)) {
            if (!line.startsWith("#")) {
                break;
            }
            header.append(line).append('\n');
        }
        return header.toString();
    }

    /** Creates {@code dir}, or checks that it is empty but for {@code .git} (emptying it with {@code force}). */
    private static Path prepare(Path dir, boolean force) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Files.createDirectories(target);
        List<Path> present;
        try (Stream<Path> list = Files.list(target)) {
            present = list.filter(p -> !p.getFileName().toString().equals(".git")).toList();
        }
        if (!present.isEmpty()) {
            if (!force) {
                throw new IllegalArgumentException(target + " is not empty (use --force to replace its content, .git kept)");
            }
            for (Path p : present) {
                PathUtils.delete(p);
            }
        }
        return target;
    }

    /** Refuses a template that holds what students must never get. */
    private static void selfCheck(Path out) throws IOException {
        try (Stream<Path> walk = Files.walk(out)) {
            List<String> leaks = walk.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith(".git/"))
                    .filter(p -> p.startsWith("solutions/") || p.contains("/src/test/") || p.startsWith(".ci/")
                            || p.equals(".github/workflows/ci.yml"))
                    .toList();
            if (!leaks.isEmpty()) {
                throw new IllegalStateException("the template must not contain " + leaks);
            }
        }
    }

    static void makeExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            perms.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(file, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: setup.sh makes the scripts executable on Gradescope
        }
    }
}
