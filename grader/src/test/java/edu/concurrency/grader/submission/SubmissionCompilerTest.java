package edu.concurrency.grader.submission;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.rubric.Exercise;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionCompilerTest {
    private static final Exercise EXERCISE = new Exercise("demo", null, "edu.concurrency.demo",
            List.of("Greeter"), List.of("Provided"), List.of());

    private final SubmissionCompiler compiler = new SubmissionCompiler(Arrays.stream(
            System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList());

    @Test
    void compilesAModuleLaidOutLikeExercises(@TempDir Path dir) throws Exception {
        write(dir, "src/main/java/edu/concurrency/demo/Greeter.java", "package edu.concurrency.demo; public class Greeter {}");
        write(dir, "src/main/java/edu/concurrency/demo/Provided.java", "this is not Java: the grader supplies its own");
        CompileResult result = compiler.compile(SubmissionSources.locate(dir), EXERCISE, dir.resolve("out"));
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
        CompileResult result = compiler.compile(SubmissionSources.locate(dir), EXERCISE, dir.resolve("out"));
        assertThat(result.success()).isFalse();
        assertThat(result.firstDiagnostic()).startsWith("Greeter.java:3: error:");
    }

    @Test
    void aMissingStudentClassIsNamed(@TempDir Path dir) throws Exception {
        write(dir, "src/main/java/edu/concurrency/demo/Other.java", "package edu.concurrency.demo; class Other {}");
        CompileResult result = compiler.compile(SubmissionSources.locate(dir), EXERCISE, dir.resolve("out"));
        assertThat(result.success()).isFalse();
        assertThat(result.firstDiagnostic()).contains("missing class").contains("Greeter.java");
    }

    private static void write(Path dir, String file, String text) throws Exception {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
