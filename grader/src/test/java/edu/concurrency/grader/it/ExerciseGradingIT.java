package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.suites.support.modelcheck.ModelCheckSuites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exercise of the bundled rubric graded end to end with the packaged grader, proven both
 * ways: the reference solution keeps every point (CI grades it again on JDK 25 in {@code
 * ReferenceOnJdk25IT}, and the queue's in {@code TemplateExportIT} and {@code BatchGradingIT}, so a
 * verdict that fails sound code at random shows there too), and every buggy submission in {@code
 * grader/src/test/submissions/EXERCISE/} loses exactly the criteria its {@code expected.yaml}
 * names, with feedback that names the hazard. After every grading, no process it started may
 * still run, whatever the submission leaked (checked from outside the grader, see {@link
 * GradingRun#survivors()}). That the untouched stubs get no point on any criterion is proven for
 * every exercise at once, in one grading ({@code StubsGetZeroIT}).
 *
 * <p>The gradings come from the rubric's exercises and the folders of the test submissions: no
 * list here names an exercise. {@code -Dgrading.exercise=queue} (comma-separated ids) grades
 * only those exercises, {@code -Dgrading.variants=a,b} only those buggy submissions
 * ({@link GradingRun#exercises()}, {@link GradingRun#variants}). The invocations run two at a
 * time like every IT ({@code it.parallelism}).
 */
@Tag("slow")
@Tag("exercises")
class ExerciseGradingIT {
    /**
     * The wall time a grading of one exercise should take, less the wait for other gradings, in
     * seconds; exceeding it prints a warning (a loaded CI machine must not fail a correct grader).
     */
    private static final double BUDGET_SECONDS = 20;

    static Stream<String> exercises() {
        return GradingRun.exercises().stream();
    }

    /** Every buggy submission of every exercise selected, named {@code exercise/variant}. */
    static Stream<Arguments> variants() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (String exercise : GradingRun.exercises()) {
            for (Path variant : GradingRun.variants(exercise)) {
                all.add(Arguments.of(Named.of(exercise + "/" + variant.getFileName(), variant), exercise));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exercises")
    @DisplayName("the reference solution gets full marks on every criterion")
    void referenceGetsFullMarks(String exercise, @TempDir Path reports) throws Exception {
        GradingRun run = GradingRun.grade(GradingRun.repoRoot().resolve("solutions"), reports, "--only", exercise);
        Report report = run.report();
        assertThat(report.criteria()).as(run.console()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).as(c.id() + ": " + c.feedback() + "\n" + c.details())
                        .isEqualTo(Status.PASSED));
        assertThat(report.criteria()).as("no criterion of the reference reports threads left behind")
                .allSatisfy(c -> assertThat(c.details()).noneMatch(d -> d.contains("thread leak")));
        assertThat(report.score()).isEqualTo(report.maxScore());
        assertThat(run.exitCode()).isZero();
        assertThat(report.notes()).as("no note blames the reference (processes left running, output cut, ...)")
                .noneMatch(n -> n.startsWith(exercise + ": the submission"));
        SandboxExpectation.check(report, false, run.story(exercise + " reference"));
        assertThat(run.survivors()).as("processes still running after grading").isEmpty();
        assertThat(Files.readString(reports.resolve("report.md"))).contains("Grading report");
        System.out.printf("%s: reference solution graded in %.1f s; phases %s%n", exercise, run.ownSeconds(), report.phases());
        if (run.ownSeconds() > BUDGET_SECONDS) {
            System.out.printf("WARNING: %s took %.1f s, over its %.0f s budget (a loaded machine?)%n",
                    exercise, run.ownSeconds(), BUDGET_SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @DisplayName("a buggy submission loses exactly the criteria it violates, with feedback naming the hazard")
    void buggyVariantLosesExactlyItsCriteria(Path variant, String exercise, @TempDir Path work) throws Exception {
        GradingRun.Expected expected = GradingRun.Expected.read(variant);
        Path submission = GradingRun.overlay(variant, Files.createDirectories(work.resolve("submission")));
        GradingRun run = GradingRun.grade(submission, work.resolve("report"), "--only", exercise);
        String story = run.story(variant.getFileName() + " (" + expected.bug() + ")");
        SandboxExpectation.check(run.report(), false, story);
        Set<String> lost = run.assertLost(expected.loses(), expected.mayLose(), story);
        Set<String> lostAsExpected = lost.stream().filter(expected.loses()::contains).collect(Collectors.toSet());
        assertThat(run.feedbackOf(lostAsExpected)).as(story + "\nthe feedback names the hazard")
                .contains(expected.hazard().toLowerCase());
        if (expected.interleaving() != null) {
            assertThat(run.feedbackOf(lost)).as(story + "\nthe model checker's interleaving, with a line of "
                            + expected.interleaving())
                    .contains(ModelCheckSuites.SEE_BELOW)
                    .containsPattern("\\|.*\\b" + Pattern.quote(expected.interleaving().toLowerCase()) + ":\\d+");
        }
        assertThat(run.survivors()).as(story + "\nprocesses still running after grading").isEmpty();
        System.out.printf("%s graded in %.1f s, lost %s%n", variant.getFileName(), run.ownSeconds(), lost);
    }
}
