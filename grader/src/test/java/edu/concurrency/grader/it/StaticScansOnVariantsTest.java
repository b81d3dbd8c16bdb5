package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.suites.support.GuardedStateScan;
import edu.concurrency.grader.suites.support.LostUpdateScan;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two bytecode scans behind the queue's static criteria, run on the compiled reference and on
 * every queue variant: a scan reports something exactly when the variant's {@code expected.yaml}
 * says it loses that criterion ({@code queue.arch.guarded-reads} for {@link GuardedStateScan},
 * {@code queue.arch.atomic-updates} for {@link LostUpdateScan}), and the reference is reported by
 * neither. The scans are deterministic, so a variant they accuse must list the criterion under
 * {@code loses}, never {@code mayLose}. A plain unit test: the variants are compiled here with the
 * JDK's compiler, nothing is graded.
 */
class StaticScansOnVariantsTest {
    private static final String PKG = "edu.concurrency.queue";
    private static final String GUARDED = "queue.arch.guarded-reads";
    private static final String ATOMIC = "queue.arch.atomic-updates";

    static Stream<Named<Path>> variants() throws IOException {
        return GradingRun.variants("queue").stream().map(v -> Named.of("queue/" + v.getFileName(), v));
    }

    /** Compiles the queue package of a submission module (with line numbers) and returns its class directory. */
    private static Path compile(Path submission, Path out) throws IOException {
        List<String> args = new ArrayList<>(List.of("--release", "17", "-g", "-nowarn", "-d", out.toString()));
        try (Stream<Path> files = Files.walk(submission.resolve("src/main/java/edu/concurrency/queue"))) {
            files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        int exit = javac.getTask(errors, null, null, args.subList(0, 6), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjectsFromStrings(args.subList(6, args.size())))
                .call() ? 0 : 1;
        assertThat(exit).as("compiling " + submission + ":\n" + errors).isZero();
        return out;
    }

    @Test
    @DisplayName("the reference solution is reported by neither scan")
    void referenceIsNotAccused(@TempDir Path work) throws IOException {
        Path classes = compile(GradingRun.repoRoot().resolve("solutions"), work.resolve("classes"));
        assertThat(GuardedStateScan.scan(classes, PKG)).isEmpty();
        assertThat(LostUpdateScan.scan(classes, PKG, Set.of(PKG + ".BoundedBuffer"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @DisplayName("a scan reports a variant exactly when its expected.yaml says it loses the scan's criterion")
    void scansAgreeWithExpected(Path variant, @TempDir Path work) throws IOException {
        GradingRun.Expected expected = GradingRun.Expected.read(variant);
        Path submission = GradingRun.overlay(variant, Files.createDirectories(work.resolve("submission")));
        Path classes = compile(submission, work.resolve("classes"));

        var unguarded = GuardedStateScan.scan(classes, PKG);
        var lost = LostUpdateScan.scan(classes, PKG, Set.of(PKG + ".BoundedBuffer"));

        assertThat(!unguarded.isEmpty()).as(variant.getFileName() + ": GuardedStateScan found " + unguarded
                + ", expected.yaml loses " + expected.loses()).isEqualTo(expected.loses().contains(GUARDED));
        assertThat(!lost.isEmpty()).as(variant.getFileName() + ": LostUpdateScan found " + lost
                + ", expected.yaml loses " + expected.loses()).isEqualTo(expected.loses().contains(ATOMIC));
    }
}
