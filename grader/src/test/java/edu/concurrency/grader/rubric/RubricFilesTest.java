package edu.concurrency.grader.rubric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rubric as a folder of files: found without a list in a class directory and in a jar, put in
 * order by {@code order}, and given as a file or a folder with {@code --rubric}.
 */
class RubricFilesTest {
    private static final String LATE = """
            order: 2
            exercises:
              - {id: late, package: p.late, criteria: [{id: late.a, kind: correctness, points: 1, tests: [L]}]}
            """;
    private static final String EARLY = """
            order: 1
            exercises:
              - {id: early, package: p.early, criteria: [{id: early.a, kind: correctness, points: 2, tests: [E]}]}
            """;
    private static final String UNORDERED = """
            exercises:
              - {id: any, package: p.any, criteria: [{id: any.a, kind: correctness, points: 3, tests: [A]}]}
            """;

    @Test
    void theBundledRubricIsQueuePipelineWebclientInThatOrder() {
        assertThat(Rubric.loadDefault().exercises()).extracting(Exercise::id)
                .containsExactly("queue", "pipeline", "webclient");
        assertThat(RubricFiles.bundled()).extracting(RubricFiles.Source::name)
                .containsExactly("rubric/pipeline.yaml", "rubric/queue.yaml", "rubric/webclient.yaml");
    }

    @Test
    void aClassDirectoryAndAJarGiveTheSameFilesInTheSameOrder(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes");
        write(classes.resolve("rubric/a-late.yaml"), LATE);
        write(classes.resolve("rubric/b-early.yaml"), EARLY);
        write(classes.resolve("rubric/README.md"), "# not a rubric file");
        write(classes.resolve("rubric/old/c.yaml"), UNORDERED);
        write(classes.resolve("other.yaml"), UNORDERED);
        Path jar = dir.resolve("grader.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("rubric/", "rubric/a-late.yaml", "rubric/b-early.yaml", "rubric/README.md",
                    "rubric/old/c.yaml", "other.yaml")) {
                zip.putNextEntry(new ZipEntry(name));
                if (!name.endsWith("/")) {
                    zip.write(Files.readAllBytes(classes.resolve(name)));
                }
                zip.closeEntry();
            }
        }
        for (Path location : List.of(classes, jar)) {
            List<RubricFiles.Source> files = RubricFiles.inCodeSource(location);
            assertThat(files).as(location.toString()).extracting(RubricFiles.Source::name)
                    .containsExactly("rubric/a-late.yaml", "rubric/b-early.yaml");
            assertThat(Rubric.fromFiles(files).exercises()).extracting(Exercise::id).containsExactly("early", "late");
        }
        assertThat(RubricFiles.fingerprintBytes(RubricFiles.inCodeSource(classes)))
                .isEqualTo(RubricFiles.fingerprintBytes(RubricFiles.inCodeSource(jar)))
                .isEqualTo(RubricFiles.fingerprintBytes(RubricFiles.of(classes.resolve("rubric"))));
        assertThatThrownBy(() -> RubricFiles.inCodeSource(Files.createDirectories(dir.resolve("empty-classes"))))
                .isInstanceOf(RubricException.class).hasMessageContaining("no rubric/*.yaml");
    }

    @Test
    void aFolderIsReadInOrderFilesWithoutOrderLastAndAnExerciseMayAppearOnce(@TempDir Path dir) throws Exception {
        write(dir.resolve("rubric/0-any.yaml"), UNORDERED);
        write(dir.resolve("rubric/1-late.yaml"), LATE);
        write(dir.resolve("rubric/2-early.yaml"), EARLY);
        assertThat(Rubric.load(dir.resolve("rubric")).exercises()).extracting(Exercise::id)
                .containsExactly("early", "late", "any");
        assertThat(Rubric.load(dir.resolve("rubric/1-late.yaml")).exercises()).extracting(Exercise::id)
                .containsExactly("late");
        write(dir.resolve("rubric/3-late-again.yaml"), LATE.replace("late.a", "late.b"));
        assertThatThrownBy(() -> Rubric.load(dir.resolve("rubric"))).isInstanceOf(RubricException.class)
                .hasMessageContaining("exercise 'late' appears twice");
        assertThatThrownBy(() -> Rubric.load(Files.createDirectories(dir.resolve("none"))))
                .isInstanceOf(RubricException.class).hasMessageContaining("no rubric file");
    }

    @Test
    void aRubricThatListsProvidedClassesStillLoads(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("old.yaml"), """
                exercises:
                  - {id: old, package: p.old, studentClasses: [A], providedClasses: [B],
                     criteria: [{id: old.a, kind: correctness, points: 1, tests: [T]}]}
                """);
        assertThat(Rubric.load(file).exercises().get(0).studentClasses()).containsExactly("A");
    }

    private static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
