package edu.concurrency.grader.submission;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course-provided classes are derived: the exercise package's classes less the rubric's
 * student classes, from a class directory, from a jar as the grader embeds it, and from the class
 * path of a development build; a stub is never handed out.
 */
class CourseClassesTest {
    private static final Exercise DEMO = new Exercise("demo", null, "edu.concurrency.demo", List.of("Greeter"), List.of());

    @Test
    void theProvidedClassesAreThePackageLessTheStudentClassesNestedOnesIncluded(@TempDir Path dir) throws Exception {
        Path classes = compileModule(dir);
        Path jar = dir.resolve("exercises.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        for (Path source : List.of(classes, jar)) {
            CourseClasses course = CourseClasses.of(source);
            assertThat(course.providedNames(DEMO)).as(source.toString()).containsExactly("Provided");
            Path root = dir.resolve("provided-from-" + source.getFileName());
            ProvidedClasses provided = course.extractProvided(DEMO, root);
            assertThat(provided.names()).containsExactly("Provided");
            try (Stream<Path> walk = Files.walk(root)) {
                assertThat(walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')))
                        .as("no stub, nothing of the sub-package")
                        .containsExactlyInAnyOrder("edu/concurrency/demo/Provided.class", "edu/concurrency/demo/Provided$Part.class");
            }
        }
    }

    @Test
    void theBundledExercisesProvideWhatTheirHandoutsSay() throws Exception {
        Rubric rubric = Rubric.loadDefault();
        CourseClasses course = CourseClasses.bundled();
        assertThat(course.providedNames(rubric.exercise("queue").orElseThrow())).isEmpty();
        assertThat(course.providedNames(rubric.exercise("pipeline").orElseThrow()))
                .containsExactly("PipelineException", "Stage");
        assertThat(course.providedNames(rubric.exercise("webclient").orElseThrow())).containsExactly("HttpStatusException");
    }

    /** A tiny exercise module: a stub, a provided class with a nested class, and a sub-package. */
    private static Path compileModule(Path dir) throws Exception {
        Path src = dir.resolve("src/edu/concurrency/demo");
        Files.createDirectories(src.resolve("inner"));
        Files.writeString(src.resolve("Greeter.java"), "package edu.concurrency.demo; public class Greeter { }");
        Files.writeString(src.resolve("Provided.java"),
                "package edu.concurrency.demo; public class Provided { public static class Part { } }");
        Files.writeString(src.resolve("package-info.java"), "/** Demo. */ @Deprecated package edu.concurrency.demo;");
        Files.writeString(src.resolve("inner/Helper.java"), "package edu.concurrency.demo.inner; public class Helper { }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Greeter.java").toString(), src.resolve("Provided.java").toString(),
                src.resolve("package-info.java").toString(), src.resolve("inner/Helper.java").toString());
        assertThat(javac).isZero();
        assertThat(classes.resolve("edu/concurrency/demo/package-info.class")).exists();
        return classes;
    }
}
