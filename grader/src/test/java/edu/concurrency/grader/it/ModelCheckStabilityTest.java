package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.runner.ForkedSuites;
import edu.concurrency.grader.runner.GradingOptions;
import edu.concurrency.grader.runner.ModelCheckEvidence;
import edu.concurrency.grader.submission.CompileResult;
import edu.concurrency.grader.submission.CourseClasses;
import edu.concurrency.grader.submission.SubmissionCompiler;
import edu.concurrency.grader.submission.SubmissionSources;
import edu.concurrency.grader.suites.support.modelcheck.ModelCheckSuites;
import edu.concurrency.grader.verdict.SuiteOutcome;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admission proof of the model checks (the race criteria's, and those of correctness criteria
 * that a grading runs once the criterion failed, {@link ModelCheckEvidence}): the reference
 * solution and every test submission pass the model check of every criterion they keep (not in
 * their {@code expected.yaml}'s {@code loses} or {@code mayLose}) {@value #RUNS_DEFAULT} times in a
 * row, run as a grading runs them (a fork of the submission with the agent, {@link ForkedSuites});
 * each submission with an {@code interleaving} in its {@code expected.yaml} gets a counterexample
 * every time. Only
 * submissions whose patch changes the model-checked class ({@code BoundedBuffer.java},
 * {@code AsyncLimiter.java}) are model-checked differently from the reference, so only they run.
 *
 * <p>Opt-in (minutes on 2 cores): {@code -Dmodelcheck.stability=true}, {@code -Dmodelcheck.runs=N}
 * for another count. The measured output is recorded in {@code docs/model-checking.md}.
 */
@Tag("slow")
@EnabledIfSystemProperty(named = "modelcheck.stability", matches = "true")
class ModelCheckStabilityTest {
    static final int RUNS_DEFAULT = 10;
    private static final Map<String, String> CHECKED_CLASS = Map.of("queue", "BoundedBuffer.java",
            "webclient", "AsyncLimiter.java");

    static Stream<Path> submissions() throws Exception {
        List<Path> all = new ArrayList<>();
        all.add(Path.of("reference"));
        for (String exercise : CHECKED_CLASS.keySet().stream().sorted().toList()) {
            for (Path variant : GradingRun.variants(exercise)) {
                if (Files.readString(variant.resolve("changes.patch")).contains(CHECKED_CLASS.get(exercise))) {
                    all.add(variant);
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("submissions")
    @DisplayName("correct submissions pass every model check 10 runs in a row; atomicity races give a counterexample every time")
    void modelChecksAreStable(Path variant, @TempDir Path work) throws Exception {
        int runs = Integer.getInteger("modelcheck.runs", RUNS_DEFAULT);
        boolean reference = variant.getFileName().toString().equals("reference");
        GradingRun.Expected expected = reference ? null : GradingRun.Expected.read(variant);
        Path submission = reference ? GradingRun.repoRoot().resolve("solutions")
                : GradingRun.overlay(variant, Files.createDirectories(work.resolve("submission")));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        GradingOptions options = new GradingOptions(Path.of(System.getProperty("java.home"), "bin", "java"),
                Arrays.stream(cp.split(File.pathSeparator)).map(Path::of).toList(), work.resolve("none.jar"), work,
                2, 1.0, 512, 32 * 1024, 2000, 900);
        for (Exercise exercise : Rubric.loadDefault().exercises()) {
            // the race criteria's model checks, and those a grading runs when a correctness criterion failed
            List<Criterion> checks = Stream.concat(
                    exercise.criteria().stream().filter(c -> c.kind() == Kind.RACE && !c.tests().isEmpty()),
                    exercise.criteria().stream().filter(c -> !c.modelCheck().isEmpty()).map(ModelCheckEvidence::checkOf)).toList();
            boolean touched = reference || variant.getParent().getFileName().toString().equals(exercise.id());
            if (checks.isEmpty() || !touched) {
                continue;
            }
            CompileResult compiled = new SubmissionCompiler(options.graderClassPath())
                    .compile(SubmissionSources.locate(submission), exercise,
                            CourseClasses.bundled().extractProvided(exercise, work.resolve("provided")),
                            work.resolve(exercise.id() + "-classes"));
            assertThat(compiled.success()).as(compiled.diagnostics().toString()).isTrue();
            for (int run = 1; run <= runs; run++) {
                long t0 = System.nanoTime();
                Map<String, SuiteOutcome> outcomes = new ForkedSuites(options).run(exercise, checks, compiled.classes(),
                        work.resolve(exercise.id() + "-run-" + run), new ArrayList<>());
                List<String> failed = new ArrayList<>();
                List<String> keptButFailed = new ArrayList<>();
                outcomes.forEach((id, o) -> {
                    if (o.status() != Status.PASSED) {
                        String verdict = id + (o.failures().stream().anyMatch(f -> f.message() != null
                                && f.message().startsWith(ModelCheckSuites.COUNTEREXAMPLE)) ? " (counterexample)" : " (" + o.summary() + ")");
                        failed.add(verdict);
                        String criterion = id.endsWith(ModelCheckEvidence.SUFFIX)
                                ? id.substring(0, id.length() - ModelCheckEvidence.SUFFIX.length()) : id;
                        if (expected == null || Stream.concat(expected.loses().stream(), expected.mayLose().stream())
                                .noneMatch(criterion::equals)) {
                            keptButFailed.add(verdict);
                        }
                    }
                });
                System.out.printf("model check %s %s run %d: %.1f s, not passed: %s%n", variant.getFileName(), exercise.id(), run,
                        (System.nanoTime() - t0) / 1e9, failed);
                String story = variant + " " + exercise.id() + " run " + run;
                assertThat(keptButFailed).as(story + ": the model check of a criterion the submission keeps never fails").isEmpty();
                if (expected != null && expected.interleaving() != null) {
                    assertThat(failed).as(story + ": the atomicity race gives a counterexample every run")
                            .anyMatch(f -> f.endsWith("(counterexample)"));
                }
            }
        }
    }
}
