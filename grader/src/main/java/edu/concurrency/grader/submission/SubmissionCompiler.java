package edu.concurrency.grader.submission;

import edu.concurrency.grader.rubric.Exercise;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles the student classes of one exercise with the JDK's compiler ({@code javax.tools}),
 * {@code --release 17}, against the exercise's course-provided classes and a given class path
 * (libraries). A class file of a provided class that the submission's sources declare anyway is
 * removed from the output: the grader's copy is the only one any JVM of the submission sees.
 *
 * <p>Student code sees of that class path only what the students' own build gives it
 * ({@code exercises/pom.xml}): the course's packages {@code edu.concurrency.*} (the provided
 * classes) and Jackson ({@code com.fasterxml.jackson.*}). The grader's own packages
 * ({@code edu.concurrency.grader}, {@code edu.concurrency.probes}), the test frameworks and every
 * other library on the grader's class path are hidden: code that names them does not compile
 * ("package org.junit.jupiter.api does not exist"), as it would not in the student's build.
 */
public final class SubmissionCompiler {

    /** Package prefixes of the class path that student code may use. */
    private static final List<String> VISIBLE = List.of("edu.concurrency.", "com.fasterxml.jackson.");
    /** Package prefixes hidden even though a visible prefix covers them: the grader's own. */
    private static final List<String> HIDDEN = List.of("edu.concurrency.grader.", "edu.concurrency.probes.");

    private final List<Path> classPath;

    /** @param classPath what the student code may compile against */
    public SubmissionCompiler(List<Path> classPath) {
        this.classPath = List.copyOf(classPath);
    }

    /**
     * Compiles {@code exercise}'s student files from {@code sources} into {@code outDir}.
     *
     * @param provided the exercise's course-provided classes: their sources in the submission are
     *                 not compiled, their class files are compiled against
     * @return success, or the diagnostics: compiler errors, or which student class is missing
     * @throws IOException           when {@code outDir} cannot be created
     * @throws IllegalStateException when the grader runs on a JRE without a compiler
     */
    public CompileResult compile(SubmissionSources sources, Exercise exercise, ProvidedClasses provided, Path outDir)
            throws IOException {
        Files.createDirectories(outDir);
        List<Path> files = sources.studentFiles(exercise, provided.names());
        List<String> missing = new ArrayList<>();
        for (String name : exercise.studentClasses()) {
            if (files.stream().noneMatch(f -> f.getFileName().toString().equals(name + ".java"))) {
                missing.add("missing class: " + exercise.packagePath() + "/" + name + ".java was not found in "
                        + sources.root());
            }
        }
        if (!missing.isEmpty()) {
            return new CompileResult(false, outDir, missing);
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("the grader must run on a JDK: no Java compiler is available");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of(
                    "--release", "17", "-encoding", "UTF-8", "-proc:none", "-g", "-nowarn",
                    "-implicit:none",
                    "-d", outDir.toString(),
                    "-cp", Stream.concat(Stream.of(provided.root()), classPath.stream()).map(Path::toString)
                            .collect(Collectors.joining(java.io.File.pathSeparator)));
            StringWriter out = new StringWriter();
            boolean ok = compiler.getTask(out, new StudentView(fm), diagnostics, options, null,
                    fm.getJavaFileObjectsFromPaths(files)).call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(SubmissionCompiler::format)
                    .toList();
            if (!ok && errors.isEmpty()) {
                errors = List.of(out.toString().isBlank() ? "the compiler failed without a message" : out.toString().trim());
            }
            if (ok) {
                removeProvided(outDir.resolve(exercise.packagePath()), provided.names());
            }
            return new CompileResult(ok, outDir, ok ? List.of() : errors);
        }
    }

    /** Deletes the class files of provided classes (nested ones included) that the submission declared. */
    private static void removeProvided(Path packageDir, Set<String> provided) throws IOException {
        if (!Files.isDirectory(packageDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(packageDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".class")).toList()) {
                if (provided.contains(CourseClasses.topLevel(f.getFileName().toString()))) {
                    Files.delete(f);
                }
            }
        }
    }

    /** Whether student code may use the class path's package {@code packageName}. */
    static boolean visible(String packageName) {
        String dotted = packageName + ".";
        return VISIBLE.stream().anyMatch(dotted::startsWith) && HIDDEN.stream().noneMatch(dotted::startsWith);
    }

    /** The file manager javac uses: the class path lists nothing in the packages hidden from students. */
    private static final class StudentView extends ForwardingJavaFileManager<StandardJavaFileManager> {
        StudentView(StandardJavaFileManager fileManager) {
            super(fileManager);
        }

        @Override
        public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                                             boolean recurse) throws IOException {
            if (location == StandardLocation.CLASS_PATH && !visible(packageName)) {
                return List.of();
            }
            return super.list(location, packageName, kinds, recurse);
        }
    }

    private static String format(Diagnostic<? extends JavaFileObject> d) {
        String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
        return file + "error: " + d.getMessage(Locale.ROOT);
    }
}
