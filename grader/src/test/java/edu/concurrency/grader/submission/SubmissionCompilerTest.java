package edu.concurrency.grader.submission;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.rubric.Exercise;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubmissionCompilerTest {
    private static final Exercise EXERCISE = new Exercise("demo", null, "edu.concurrency.demo",
            List.of("Greeter"), List.of());

    private final SubmissionCompiler compiler = new SubmissionCompiler(Arrays.stream(
            System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList());

    @Test
    void compilesAModuleLaidOutLikeExercises(@TempDir Path dir) throws Exception {
        write(dir, "src/main/java/edu/concurrency/demo/Greeter.java", "package edu.concurrency.demo; public class Greeter {}");
        write(dir, "src/main/java/edu/concurrency/demo/Provided.java", "this is not Java: the grader supplies its own");
        CompileResult result = compiler.compile(SubmissionSources.locate(dir), EXERCISE, provided(dir), dir.resolve("out"));
        assertThat(result.success()).as(result.diagnostics().toString()).isTrue();
        assertThat(dir.resolve("out/edu/concurrency/demo/Greeter.class")).exists();
    }

    @Test
    void findsTheExercisesOfARepositoryRoot(@TempDir Path dir) throws Exception {
        write(dir, "exercises/src/main/java/edu/concurrency/demo/Greeter.java", "package edu.concurrency.demo; class Greeter {}");
        assertThat(SubmissionSources.locate(dir).root()).isEqualTo(dir.resolve("exercises/src/main/java"));
    }

    @Test
    void aCompileErrorBecomesDiagnosticsWithFileAndLine(@TempDir Path dir) throws Exception {
        write(dir, "src/main/java/edu/concurrency/demo/Greeter.java", "package edu.concurrency.demo;\npublic class Greeter {\n int x = ;\n}");
        CompileResult result = compiler.compile(SubmissionSources.locate(dir), EXERCISE, provided(dir), dir.resolve("out"));
        assertThat(result.success()).isFalse();
        assertThat(result.firstDiagnostic()).startsWith("Greeter.java:3: error:");
    }

    @Test
    void aMissingStudentClassIsNamed(@TempDir Path dir) throws Exception {
        write(dir, "src/main/java/edu/concurrency/demo/Other.java", "package edu.concurrency.demo; class Other {}");
        CompileResult result = compiler.compile(SubmissionSources.locate(dir), EXERCISE, provided(dir), dir.resolve("out"));
        assertThat(result.success()).isFalse();
        assertThat(result.firstDiagnostic()).contains("missing class").contains("Greeter.java");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "org.junit.jupiter.api.Assumptions.abort(\"skip\"), package org.junit.jupiter.api does not exist",
            "org.assertj.core.api.Assertions.fail(\"x\"), package org.assertj.core.api does not exist",
            "edu.concurrency.grader.fork.ResultSigner.class.getName(), package edu.concurrency.grader.fork does not exist",
            "picocli.CommandLine.usage(this), package picocli does not exist",
    })
    void theGradersLibrariesAndTestFrameworksAreHiddenFromStudentCode(String call, String error, @TempDir Path dir)
            throws Exception {
        write(dir, "src/main/java/edu/concurrency/demo/Greeter.java",
                "package edu.concurrency.demo;\npublic class Greeter {\n void f() { " + call + "; }\n}");
        CompileResult result = compiler.compile(SubmissionSources.locate(dir), EXERCISE, provided(dir), dir.resolve("out"));
        assertThat(result.success()).as("a class of the grader's class path is visible: " + call).isFalse();
        assertThat(result.firstDiagnostic()).startsWith("Greeter.java:3: error:").contains(error);
    }

    @Test
    void jacksonAndTheJdkAreVisibleAsInTheStudentsBuild(@TempDir Path dir) throws Exception {
        write(dir, "src/main/java/edu/concurrency/demo/Greeter.java", "package edu.concurrency.demo;\n"
                + "import com.fasterxml.jackson.databind.ObjectMapper;\n"
                + "public class Greeter {\n String f() throws Exception {\n"
                + "  return new ObjectMapper().readTree(\"{}\").toString() + java.util.List.of(1);\n }\n}");
        CompileResult result = compiler.compile(SubmissionSources.locate(dir), EXERCISE, provided(dir), dir.resolve("out"));
        assertThat(result.success()).as(result.diagnostics().toString()).isTrue();
    }

    @Test
    void studentCodeCompilesAgainstTheProvidedClassesAndCannotReplaceThem(@TempDir Path dir) throws Exception {
        write(dir, "src/main/java/edu/concurrency/demo/Greeter.java",
                "package edu.concurrency.demo; public class Greeter { Provided p = new Provided(); }\n"
                        + "class Provided { }");
        CompileResult result = compiler.compile(SubmissionSources.locate(dir), EXERCISE, provided(dir), dir.resolve("out"));
        assertThat(result.success()).as(result.diagnostics().toString()).isTrue();
        assertThat(dir.resolve("out/edu/concurrency/demo/Greeter.class")).exists();
        assertThat(dir.resolve("out/edu/concurrency/demo/Provided.class"))
                .as("the submission's own Provided, which the grader's copy replaces").doesNotExist();
    }

    /** The provided class {@code edu.concurrency.demo.Provided}, compiled into {@code dir/provided}. */
    private static ProvidedClasses provided(Path dir) throws Exception {
        Path root = dir.resolve("provided");
        if (!Files.isDirectory(root.resolve("edu/concurrency/demo"))) {
            Path source = write(dir, "provided-src/edu/concurrency/demo/Provided.java",
                    "package edu.concurrency.demo; public class Provided { public static class Part { } }");
            Files.createDirectories(root);
            int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", root.toString(), source.toString());
            assertThat(javac).isZero();
        }
        return new ProvidedClasses(Set.of("Provided"), root);
    }

    private static Path write(Path dir, String file, String text) throws Exception {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, text);
    }
}
