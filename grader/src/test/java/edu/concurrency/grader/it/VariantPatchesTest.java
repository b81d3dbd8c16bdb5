package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The buggy variants in {@code grader/src/test/submissions/} are stored as {@code changes.patch},
 * a unified diff against the reference solution ({@code solutions/src}), and
 * {@link GradingRun#overlay} applies them: every variant of every exercise of the rubric (and every
 * other entry there that has a patch, such as the hostile catalogue) must apply cleanly to the
 * reference as it is now, and change something. A change to the reference that breaks a patch
 * fails here, fast, instead of in the slow grading ITs. A plain unit test: no grader jar, no
 * grading.
 */
class VariantPatchesTest {
    private static final String PATCH = "changes.patch";

    static Path submissions() {
        return GradingRun.repoRoot().resolve("grader/src/test/submissions");
    }

    static Path reference() {
        return GradingRun.repoRoot().resolve("solutions/src");
    }

    /** Every variant of every exercise of the rubric, then every other entry that has a patch ({@code exercise/variant}). */
    static Stream<Named<Path>> variants() throws IOException {
        Set<String> exercises = Rubric.loadDefault().exercises().stream().map(Exercise::id)
                .collect(Collectors.toCollection(TreeSet::new));
        List<Path> variants = new ArrayList<>();
        for (Path group : list(submissions())) {
            for (Path variant : list(group)) {
                if (exercises.contains(group.getFileName().toString()) || Files.exists(variant.resolve(PATCH))) {
                    variants.add(variant);
                }
            }
        }
        return variants.stream().map(v -> Named.of(v.getParent().getFileName() + "/" + v.getFileName(), v));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    @DisplayName("there are variants to check")
    void thereAreVariants() throws IOException {
        assertThat(variants()).as("variants under " + submissions()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @DisplayName("a variant's changes.patch applies cleanly to the current reference solution and changes at least one line")
    void patchAppliesAndChangesSomething(Path variant, @TempDir Path work) throws IOException {
        String name = variant.getParent().getFileName() + "/" + variant.getFileName();
        assertThat(variant.resolve(PATCH)).as(name + " has no changes.patch: make it with make-patch.sh").isRegularFile();
        // The patch alone, without whatever src/ the variant has besides.
        Path patchOnly = Files.createDirectories(work.resolve("variant").resolve(name));
        Files.copy(variant.resolve(PATCH), patchOnly.resolve(PATCH));
        Path submission = GradingRun.overlay(patchOnly, Files.createDirectories(work.resolve("submission")));

        assertThat(differences(reference(), submission.resolve("src")))
                .as(name + "/changes.patch changes no line of the reference solution").isNotEmpty();
        GradingRun.overlay(variant, Files.createDirectories(work.resolve("with-src")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @DisplayName("a variant keeps no full copy of a reference class (only its changes.patch, and new files in src/)")
    void noCopiesOfReferenceClasses(Path variant) throws IOException {
        Path src = variant.resolve("src");
        if (!Files.isDirectory(src)) {
            return;
        }
        try (Stream<Path> files = Files.walk(src)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> src.relativize(f).toString()))
                    .as(variant.getParent().getFileName() + "/" + variant.getFileName()
                            + "/src holds copies of reference files: turn them into changes.patch with make-patch.sh")
                    .noneMatch(f -> Files.exists(reference().resolve(f)));
        }
    }

    @Test
    @DisplayName("a patch that no longer applies fails with the variant, the file, and the advice to regenerate it")
    void stalePatchFailsWithAdvice(@TempDir Path work) throws IOException {
        String path = "src/main/java/edu/concurrency/queue/BoundedBuffer.java";
        List<String> lines = Files.readAllLines(reference().resolve(path.substring(4)), StandardCharsets.UTF_8);
        Path variant = Files.createDirectories(work.resolve("queue/stale-variant"));
        Files.writeString(variant.resolve(PATCH), String.join("\n",
                "diff --git a/" + path + " b/" + path,
                "--- a/" + path,
                "+++ b/" + path,
                "@@ -1,2 +1,2 @@",
                " " + lines.get(0),
                "-" + lines.get(1) + " // the reference does not say this",
                "+// changed",
                ""));

        assertThatThrownBy(() -> GradingRun.overlay(variant, Files.createDirectories(work.resolve("submission"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("queue/stale-variant/changes.patch")
                .hasMessageContaining(path)
                .hasMessageContaining("regenerate it with")
                .hasMessageContaining("make-patch.sh");
    }

    @Test
    @DisplayName("a patch can create, change and delete files, keep non-ASCII text and a missing final line break, "
            + "and src/ is laid over the patched reference")
    void patchCreatesChangesAndDeletes(@TempDir Path work) throws IOException {
        String deleted = "src/main/java/edu/concurrency/queue/package-info.java";
        String changed = "src/main/java/edu/concurrency/pipeline/Wire.java";
        String created = "src/main/java/edu/concurrency/queue/Extra.java";
        List<String> gone = Files.readAllLines(reference().resolve(deleted.substring(4)), StandardCharsets.UTF_8);
        List<String> wire = Files.readAllLines(reference().resolve(changed.substring(4)), StandardCharsets.UTF_8);
        int n = wire.size();
        List<String> patch = new ArrayList<>(List.of(
                "diff --git a/" + changed + " b/" + changed,
                "--- a/" + changed,
                "+++ b/" + changed,
                "@@ -" + (n - 2) + ",3 +" + (n - 2) + ",3 @@",
                " " + wire.get(n - 3),
                " " + wire.get(n - 2),
                "-" + wire.get(n - 1),
                "+" + wire.get(n - 1) + " // fin — ünïcödé \u2713",
                "\\ No newline at end of file",
                "diff --git a/" + created + " b/" + created,
                "new file mode 100644",
                "--- /dev/null",
                "+++ b/" + created,
                "@@ -0,0 +1,2 @@",
                "+package edu.concurrency.queue; // \u00e9\u00e8 \uD83D\uDE00",
                "+class Extra {}",
                "diff --git a/" + deleted + " b/" + deleted,
                "deleted file mode 100644",
                "--- a/" + deleted,
                "+++ /dev/null",
                "@@ -1," + gone.size() + " +0,0 @@"));
        gone.forEach(line -> patch.add("-" + line));
        Path variant = Files.createDirectories(work.resolve("queue/synthetic"));
        Files.writeString(variant.resolve(PATCH), String.join("\n", patch) + "\n", StandardCharsets.UTF_8);
        Path more = variant.resolve("src/main/java/edu/concurrency/queue/More.java");
        Files.createDirectories(more.getParent());
        Files.writeString(more, "package edu.concurrency.queue;\nclass More {}\n");

        Path src = GradingRun.overlay(variant, Files.createDirectories(work.resolve("submission"))).resolve("src");

        String original = Files.readString(reference().resolve(changed.substring(4)), StandardCharsets.UTF_8);
        String lastLine = wire.get(n - 1);
        assertThat(Files.readString(src.resolve(changed.substring(4)), StandardCharsets.UTF_8)).isEqualTo(
                original.substring(0, original.lastIndexOf(lastLine)) + lastLine + " // fin — ünïcödé \u2713");
        assertThat(Files.readString(src.resolve(created.substring(4)), StandardCharsets.UTF_8))
                .isEqualTo("package edu.concurrency.queue; // \u00e9\u00e8 \uD83D\uDE00\nclass Extra {}\n");
        assertThat(src.resolve(deleted.substring(4))).doesNotExist();
        assertThat(Files.readString(src.resolve("main/java/edu/concurrency/queue/More.java")))
                .isEqualTo("package edu.concurrency.queue;\nclass More {}\n");
        assertThat(differences(reference(), src)).containsExactlyInAnyOrder(
                changed.substring(4), created.substring(4), deleted.substring(4), "main/java/edu/concurrency/queue/More.java");
    }

    /** Files (relative paths) that differ in content, or exist on one side only. */
    private static Set<String> differences(Path a, Path b) throws IOException {
        Set<String> names = new TreeSet<>();
        names.addAll(files(a));
        names.addAll(files(b));
        Set<String> different = new TreeSet<>();
        for (String name : names) {
            Path x = a.resolve(name);
            Path y = b.resolve(name);
            if (!Files.exists(x) || !Files.exists(y) || !Arrays.equals(Files.readAllBytes(x), Files.readAllBytes(y))) {
                different.add(name);
            }
        }
        return different;
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
