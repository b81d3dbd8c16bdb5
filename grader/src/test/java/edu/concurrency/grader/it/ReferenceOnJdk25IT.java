package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference solutions of every exercise keep full marks when the submission runs on JDK 25
 * ({@code grade --java}), the newest JDK the exercises support, while the grader runs on the JDK
 * of the build. Skipped, with the reason, where no JDK 25 is installed under {@code /usr/lib/jvm}
 * (or the directory in the system property {@code jdk25.home}).
 */
@Tag("slow")
@Tag("jdk25")
class ReferenceOnJdk25IT {
    @Test
    @DisplayName("the reference solutions get full marks when graded on JDK 25")
    void referenceGetsFullMarksOnJdk25(@TempDir Path reports) throws Exception {
        Optional<Path> java = jdk25();
        Assumptions.assumeTrue(java.isPresent(), "no JDK 25 under /usr/lib/jvm: the JDK 25 grading is skipped");
        GradingRun run = GradingRun.grade(GradingRun.repoRoot().resolve("solutions"), reports,
                "--java", java.get().toString());
        Report report = run.report();
        assertThat(report.environment().javaVersion()).as("the submission's JVM").startsWith("25");
        assertThat(report.criteria()).as(run.console()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).as(c.id() + ": " + c.feedback() + "\n" + c.details())
                        .isEqualTo(Status.PASSED));
        assertThat(report.score()).isEqualTo(report.maxScore());
        assertThat(run.exitCode()).isZero();
        assertThat(run.survivors()).as("processes still running after grading").isEmpty();
        SandboxExpectation.check(report, false, run.story("reference solutions on JDK 25"));
        System.out.printf("JDK 25: reference solutions graded in %.1f s; phases %s%n", run.ownSeconds(), report.phases());
    }

    private static Optional<Path> jdk25() throws IOException {
        String home = System.getProperty("jdk25.home");
        if (home != null) {
            return Optional.of(Path.of(home, "bin", "java")).filter(Files::isExecutable);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> d.getFileName().toString().contains("25"))
                    .map(d -> d.resolve("bin/java")).filter(Files::isExecutable)
                    .min(Comparator.naturalOrder());
        }
    }
}
