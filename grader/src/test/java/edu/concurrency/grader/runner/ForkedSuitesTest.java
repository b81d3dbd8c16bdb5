package edu.concurrency.grader.runner;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.fork.SuiteOutcome;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.runner.fixtures.RunnerFixtures;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forked runner reports a verdict for every criterion, whatever the code under test does. */
class ForkedSuitesTest {
    private static final String PKG = "edu.concurrency.grader.runner.fixtures";

    @TempDir
    static Path work;
    static Map<String, SuiteOutcome> outcomes;
    static List<String> notes = new ArrayList<>();

    @BeforeAll
    static void runAllFixtures() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        GradingOptions options = new GradingOptions(Path.of(System.getProperty("java.home"), "bin", "java"),
                Arrays.stream(cp.split(File.pathSeparator)).map(Path::of).toList(), work.resolve("none.jar"), work,
                2, 1.0, 256, 8192);
        List<Criterion> criteria = List.of(
                criterion("pass", RunnerFixtures.Passing.class, 30, 1),
                criterion("fail", RunnerFixtures.Failing.class, 30, 1),
                criterion("hang", RunnerFixtures.Hanging.class, 3, 1),
                criterion("after-hang", RunnerFixtures.Passing.class, 30, 1),
                criterion("exit", RunnerFixtures.Exiting.class, 30, 1),
                criterion("after-exit", RunnerFixtures.Passing.class, 30, 1),
                criterion("leak", RunnerFixtures.Leaking.class, 30, 1),
                criterion("flaky", RunnerFixtures.Flaky.class, 30, 2),
                criterion("forging", RunnerFixtures.Forging.class, 30, 1),
                criterion("forged-target", RunnerFixtures.Failing.class, 30, 1),
                criterion("aborting", RunnerFixtures.Aborting.class, 30, 1));
        Exercise exercise = new Exercise("fixtures", null, PKG, List.of(), List.of(), criteria);
        outcomes = new ForkedSuites(options).run(exercise, criteria, Files.createDirectories(work.resolve("classes")),
                work.resolve("forks"), notes);
    }

    private static Criterion criterion(String id, Class<?> suite, int timeoutSeconds, int attempts) {
        return new Criterion(id, id, Kind.CORRECTNESS, 1, List.of(suite.getName()), List.of(), List.of(),
                timeoutSeconds, attempts, false);
    }

    @Test
    void passingCriterionCarriesItsMeasurements() {
        assertThat(outcomes.get("pass").status()).isEqualTo(Status.PASSED);
        assertThat(outcomes.get("pass").measurements()).containsEntry("speedup", "3.5");
    }

    @Test
    void failureNamesTheCheckTheExceptionAndTheSubmissionLine() {
        SuiteOutcome fail = outcomes.get("fail");
        assertThat(fail.status()).isEqualTo(Status.FAILED);
        assertThat(fail.summary()).contains("take returns what put stored").contains("IllegalStateException: count went negative")
                .containsPattern("at RunnerFixtures\\.java:\\d+");
    }

    @Test
    void hangFailsWithAThreadDumpAndTheNextCriterionStillRuns() {
        SuiteOutcome hang = outcomes.get("hang");
        assertThat(hang.status()).isEqualTo(Status.FAILED);
        assertThat(hang.summary()).containsIgnoringCase("hang");
        assertThat(hang.threadDump()).contains("Deadlock").contains("\"transfer-1\" BLOCKED on Object@")
                .contains("held by \"transfer-2\"").contains("Buggy.lockBoth");
        assertThat(outcomes.get("after-hang").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void systemExitIsReportedAgainstTheRunningCriterionNotAsAPass() {
        assertThat(outcomes.get("exit").status()).isEqualTo(Status.FAILED);
        assertThat(outcomes.get("exit").summary()).contains("System.exit");
        assertThat(outcomes.get("after-exit").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void leakedThreadsAreReported() {
        assertThat(outcomes.get("leak").strayThreads()).anyMatch(t -> t.contains("leaked-consumer"));
    }

    @Test
    void aFailingCriterionWithAttemptsLeftIsRetried() {
        assertThat(outcomes.get("flaky").status()).isEqualTo(Status.PASSED);
        assertThat(outcomes.get("flaky").attempts()).isEqualTo(2);
    }

    @Test
    void aVerdictForgedIntoTheResultsFileIsIgnoredAndReported() {
        assertThat(outcomes.get("forged-target").status()).isEqualTo(Status.FAILED);
        assertThat(notes).anyMatch(n -> n.contains("wrote into the grader's results file"));
    }

    @Test
    void aSkipThrownByTheCodeUnderTestIsAFailureNotASkip() {
        assertThat(outcomes.get("aborting").status()).isEqualTo(Status.FAILED);
        assertThat(outcomes.get("aborting").summary()).contains("aborted the check");
    }

    @Test
    void everyCriterionHasAVerdict() {
        assertThat(outcomes).hasSize(11).doesNotContainValue(null);
    }
}
