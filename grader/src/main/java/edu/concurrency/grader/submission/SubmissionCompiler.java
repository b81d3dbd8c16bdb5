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
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the student classes of one exercise with the JDK's compiler ({@code javax.tools}),
 * {@code --release 17}, against a given class path (the course-provided classes and libraries).
 */
public final class SubmissionCompiler {

    private final List<Path> classPath;

    /** @param classPath what the student code may compile against */
    public SubmissionCompiler(List<Path> classPath) {
        this.classPath = List.copyOf(classPath);
    }

    /**
     * Compiles {@code exercise}'s student files from {@code sources} into {@code outDir}.
     *
     * @return success, or the diagnostics: compiler errors, or which student class is missing
     * @throws IOException           when {@code outDir} cannot be created
     * @throws IllegalStateException when the grader runs on a JRE without a compiler
     */
    public CompileResult compile(SubmissionSources sources, Exercise exercise, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Path> files = sources.studentFiles(exercise);
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
                    "-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
            StringWriter out = new StringWriter();
            boolean ok = compiler.getTask(out, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(SubmissionCompiler::format)
                    .toList();
            if (!ok && errors.isEmpty()) {
                errors = List.of(out.toString().isBlank() ? "the compiler failed without a message" : out.toString().trim());
            }
            return new CompileResult(ok, outDir, ok ? List.of() : errors);
        }
    }

    private static String format(Diagnostic<? extends JavaFileObject> d) {
        String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
        return file + "error: " + d.getMessage(Locale.ROOT);
    }
}
