package edu.concurrency.grader.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TamperManifestTest {
    @TempDir
    Path root;

    @BeforeEach
    void template() throws Exception {
        write("pom.xml", "<project/>\n");
        write("exercises/pom.xml", "<project>exercises</project>\n");
        write("exercises/src/main/java/edu/concurrency/queue/BoundedBuffer.java", "class BoundedBuffer {}\n");
        write("grader/pom.xml", "<project>grader</project>\n");
        write("grader/src/main/java/edu/concurrency/grader/suites/queue/BasicSuite.java", "class BasicSuite {}\n");
        write("jcstress-tests/src/main/java/edu/concurrency/probes/queue/Probe.java", "class Probe {}\n");
        write(".github/workflows/classroom.yml", "name: Autograding Tests\n");
        TamperManifest.compute(root, TemplateExporter.PROTECTED_FILES, TemplateExporter.PROTECTED_DIRECTORIES).write(root);
    }

    private void write(String path, String text) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Writes the manifest anew, as export-template does (before the manifest exists), with these platform files. */
    private void recompute(String... platformFiles) throws Exception {
        Files.delete(root.resolve(TamperManifest.LOCATION));
        TamperManifest.compute(root, TemplateExporter.PROTECTED_FILES, TemplateExporter.PROTECTED_DIRECTORIES)
                .withPlatformFiles(List.of(platformFiles)).write(root);
    }

    private Integrity check() {
        return Integrity.check(root.resolve("exercises"), null);
    }

    @Test
    @DisplayName("an untouched template is intact: every protected file is listed, the student's code is not")
    void untouchedTemplateIsIntact() throws Exception {
        TamperManifest manifest = TamperManifest.read(root.resolve(TamperManifest.LOCATION));
        assertThat(manifest.files()).containsOnlyKeys("pom.xml", "exercises/pom.xml", "grader/pom.xml",
                "grader/src/main/java/edu/concurrency/grader/suites/queue/BasicSuite.java",
                "jcstress-tests/src/main/java/edu/concurrency/probes/queue/Probe.java", ".github/workflows/classroom.yml");
        Integrity integrity = check();
        assertThat(integrity.checked()).isTrue();
        assertThat(integrity.intact()).as(integrity.summary()).isTrue();
        assertThat(integrity.verified()).isEqualTo(6);
        assertThat(integrity.summary()).startsWith("Integrity: all 6 protected files");
        assertThat(integrity.fingerprint()).hasSize(64);
    }

    @Test
    @DisplayName("an edited, an added and a deleted protected file are each reported; the student's own files are not")
    void editsAdditionsAndDeletionsAreReported() throws Exception {
        write("grader/pom.xml", "<project>grader, with the tests skipped</project>\n");
        write("grader/src/main/java/edu/concurrency/grader/suites/queue/Shadow.java", "class Shadow {}\n");
        write(".github/workflows/other.yml", "name: Other\n");
        write(".mvn/maven.config", "-DskipTests\n");
        Files.delete(root.resolve("jcstress-tests/src/main/java/edu/concurrency/probes/queue/Probe.java"));
        write("exercises/src/main/java/edu/concurrency/queue/BoundedBuffer.java", "class BoundedBuffer { int size; }\n");
        write("exercises/src/main/java/edu/concurrency/queue/Helper.java", "class Helper {}\n");
        Integrity integrity = check();
        assertThat(integrity.intact()).isFalse();
        assertThat(integrity.changed()).containsExactly("grader/pom.xml");
        assertThat(integrity.added()).containsExactlyInAnyOrder(
                "grader/src/main/java/edu/concurrency/grader/suites/queue/Shadow.java", ".github/workflows/other.yml",
                ".mvn/maven.config");
        assertThat(integrity.missing()).containsExactly("jcstress-tests/src/main/java/edu/concurrency/probes/queue/Probe.java");
        assertThat(integrity.summary()).contains("5 protected files differ").contains("changed: grader/pom.xml")
                .contains("missing: jcstress-tests/");
        assertThat(integrity.findings()).hasSize(5);
    }

    @Test
    @DisplayName("build output, IDE metadata, Windows line endings and the manifest itself do not count as changes")
    void buildOutputAndLineEndingsAreIgnored() throws Exception {
        write("grader/target/concurrency-grader.jar", "binary\0stuff");
        write("jcstress-tests/target/classes/X.class", "x");
        write("grader/.project", "<projectDescription/>");
        write("grader/.settings/org.eclipse.jdt.core.prefs", "x=y");
        write("grader/bin/main/X.class", "x");
        write("jcstress-tests/jcstress-tests.iml", "<module/>");
        write(".grader/api/target/classes/X.class", "x");
        write("grader/pom.xml", "<project>grader</project>\r\n");
        assertThat(check().intact()).as(check().summary()).isTrue();
    }

    @Test
    @DisplayName("an edited manifest changes its fingerprint; a missing or broken one fails the check; no manifest means no check")
    void manifestProblems() throws Exception {
        Path manifest = root.resolve(TamperManifest.LOCATION);
        String before = check().fingerprint();
        Files.writeString(manifest, Files.readString(manifest).replace("\"files\"", "\"files\" "));
        assertThat(check().fingerprint()).isNotEqualTo(before);
        Files.writeString(manifest, "{ not json");
        Integrity broken = check();
        assertThat(broken.checked()).isTrue();
        assertThat(broken.intact()).isFalse();
        assertThat(broken.summary()).contains("cannot be read");
        assertThat(Integrity.check(root, root.resolve("nope.json")).problem()).contains("missing");
        Files.delete(manifest);
        assertThat(check().checked()).isFalse();
        assertThat(Integrity.notChecked().intact()).isFalse();
    }

    @Test
    @DisplayName("Classroom 50's workflow counts as added unless the manifest lists it as a platform file")
    void platformFilesAreNotAdditions() throws Exception {
        write(TamperManifest.CLASSROOM50_SHIM, "name: Classroom50 Autograde\n");
        assertThat(check().added()).containsExactly(TamperManifest.CLASSROOM50_SHIM);
        Files.delete(root.resolve(TamperManifest.CLASSROOM50_SHIM));
        recompute(TamperManifest.CLASSROOM50_SHIM);
        write(TamperManifest.CLASSROOM50_SHIM, "name: Classroom50 Autograde\n");
        assertThat(TamperManifest.read(root.resolve(TamperManifest.LOCATION)).platformFiles())
                .containsExactly(TamperManifest.CLASSROOM50_SHIM);
        assertThat(check().intact()).as(check().summary()).isTrue();
        write(".github/workflows/other.yml", "name: Autograding Tests\n");
        assertThat(check().added()).containsExactly(".github/workflows/other.yml");
    }

    @Test
    @DisplayName("an instructor's own manifest checks the submission's copy, whatever the copy's manifest says")
    void explicitManifestChecksTheSubmissionsCopy(@TempDir Path elsewhere) throws Exception {
        Path trusted = elsewhere.resolve("manifest.json");
        Files.copy(root.resolve(TamperManifest.LOCATION), trusted);
        write("grader/pom.xml", "<project>grader, tests skipped</project>\n");
        // the student recomputes the copy's own manifest, so that the default check finds nothing
        recompute();
        assertThat(check().intact()).isTrue();
        for (Path submission : List.of(root, root.resolve("exercises"))) {
            Integrity integrity = Integrity.check(submission, trusted);
            assertThat(integrity.changed()).as(submission.toString()).containsExactly("grader/pom.xml");
            assertThat(integrity.added()).as("the copy's own manifest is not an addition").isEmpty();
        }
        assertThat(Integrity.check(root, elsewhere.resolve("missing.json")).problem()).contains("missing");
    }

    @Test
    @DisplayName("a file added to a package named like an IDE folder (out, bin) is still reported")
    void packagesNamedLikeIdeFoldersAreSources() throws Exception {
        write("grader/src/main/java/edu/concurrency/grader/out/Shadow.java", "class Shadow {}\n");
        assertThat(check().added()).containsExactly("grader/src/main/java/edu/concurrency/grader/out/Shadow.java");
    }

    @Test
    @DisplayName("a long list of findings is cut in the summary line")
    void longListsAreCut() throws Exception {
        for (int i = 0; i < 30; i++) {
            write("grader/src/main/java/Extra" + i + ".java", "class Extra" + i + " {}\n");
        }
        Integrity integrity = check();
        assertThat(integrity.added()).hasSize(30);
        assertThat(integrity.summary()).contains("and 10 more");
        assertThat(List.copyOf(integrity.findings())).hasSize(30);
    }
}
