package edu.concurrency.grader.submission;

import edu.concurrency.grader.rubric.Exercise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Java source root of a submission.
 *
 * @param root the directory that holds {@code edu/concurrency/...}
 */
public record SubmissionSources(Path root) {

    /**
     * Finds the source root of a submission directory: {@code DIR/exercises/src/main/java},
     * {@code DIR/src/main/java}, or {@code DIR} itself.
     *
     * @throws IllegalArgumentException when {@code dir} is not a directory
     */
    public static SubmissionSources locate(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        for (Path candidate : List.of(dir.resolve("exercises/src/main/java"), dir.resolve("src/main/java"))) {
            if (Files.isDirectory(candidate)) {
                return new SubmissionSources(candidate.toAbsolutePath().normalize());
            }
        }
        return new SubmissionSources(dir.toAbsolutePath().normalize());
    }

    /**
     * The student's source files of an exercise: every {@code .java} file in the exercise's package
     * (sub-packages included) except the course-provided classes.
     *
     * @param provided simple names of the exercise's course-provided classes ({@link CourseClasses#providedNames})
     */
    public List<Path> studentFiles(Exercise exercise, Set<String> provided) {
        Path dir = root.resolve(exercise.packagePath());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("package-info.java"))
                    .filter(f -> !isProvided(provided, dir, f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isProvided(Set<String> provided, Path packageDir, Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.java$", "");
        return file.getParent().equals(packageDir) && provided.contains(name);
    }
}
