package edu.concurrency.grader.runner;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.runner.fixtures.RunnerFixtures;
import edu.concurrency.grader.verdict.SuiteOutcome;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    static GradingOptions options;
    static Map<String, SuiteOutcome> outcomes;
    static List<String> notes = new ArrayList<>();

    @BeforeAll
    static void runAllFixtures() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        options = new GradingOptions(Path.of(System.getProperty("java.home"), "bin", "java"),
                Arrays.stream(cp.split(File.pathSeparator)).map(Path::of).toList(), work.resolve("none.jar"), work,
                2, 1.0, 256, 8192, 200, 600);
        List<Criterion> criteria = List.of(
                criterion("pass", RunnerFixtures.Passing.class, 30, 1),
                criterion("fail", RunnerFixtures.Failing.class, 30, 1),
                requiring("needs-fail", "fail", RunnerFixtures.Hanging.class),
                requiring("needs-pass", "pass", RunnerFixtures.Passing.class),
                criterion("hang", RunnerFixtures.Hanging.class, 3, 1),
                criterion("after-hang", RunnerFixtures.Passing.class, 30, 1),
                criterion("exit", RunnerFixtures.Exiting.class, 30, 1),
                criterion("after-exit", RunnerFixtures.Passing.class, 30, 1),
                criterion("leak", RunnerFixtures.Leaking.class, 30, 1),
                criterion("flaky", RunnerFixtures.Flaky.class, 30, 2),
                criterion("hangs-first", RunnerFixtures.HangsFirst.class, 30, 3),
                criterion("clear-miss", RunnerFixtures.MissesClearly.class, 30, 3),
                criterion("misses", RunnerFixtures.Failing.class, 30, 3),
                criterion("fails-first", RunnerFixtures.FailsFirst.class, 30, 1),
                criterion("forging", RunnerFixtures.Forging.class, 30, 1),
                criterion("forged-target", RunnerFixtures.Failing.class, 30, 1),
                criterion("aborting", RunnerFixtures.Aborting.class, 30, 1),
                criterion("traceless-abort", RunnerFixtures.TracelessAbort.class, 30, 1),
                criterion("oom", RunnerFixtures.OutOfMemory.class, 30, 1),
                criterion("after-oom", RunnerFixtures.Passing.class, 30, 1),
                criterion("overflow", RunnerFixtures.Overflowing.class, 30, 1),
                criterion("native-threads", RunnerFixtures.NoMoreNativeThreads.class, 30, 1),
                criterion("after-native-threads", RunnerFixtures.Passing.class, 30, 1),
                criterion("many-threads", RunnerFixtures.ManyThreads.class, 30, 1),
                criterion("thread-bomb", RunnerFixtures.ThreadBomb.class, 20, 1),
                criterion("after-thread-bomb", RunnerFixtures.Passing.class, 30, 1),
                criterion("exit-on-load-a", RunnerFixtures.ExitOnLoadA.class, 30, 1),
                criterion("exit-on-load-b", RunnerFixtures.ExitOnLoadB.class, 30, 1),
                criterion("sandboxed", RunnerFixtures.Sandboxed.class, 30, 1),
                criterion("flooding", RunnerFixtures.Flooding.class, 30, 1),
                criterion("after-flooding", RunnerFixtures.Passing.class, 30, 1));
        Exercise exercise = new Exercise("fixtures", null, PKG, List.of(), criteria);
        outcomes = new ForkedSuites(options).run(exercise, criteria, Files.createDirectories(work.resolve("classes")),
                work.resolve("forks"), notes);
    }

    private static Criterion criterion(String id, Class<?> suite, int timeoutSeconds, int attempts) {
        return new Criterion(id, id, Kind.CORRECTNESS, 1, List.of(suite.getName()), List.of(), List.of(),
                timeoutSeconds, attempts, false);
    }

    private static Criterion requiring(String id, String required, Class<?> suite) {
        return new Criterion(id, id, Kind.CORRECTNESS, 1, List.of(suite.getName()), List.of(), List.of(required),
                3, 1, false);
    }

    @Test
    void aSkipWithoutAGraderFrameIsAFailureNotASkip() {
        SuiteOutcome outcome = outcomes.get("traceless-abort");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.summary()).contains("that no grader check threw").contains("may not be skipped");
    }

    @Test
    void aCriterionWhoseRequirementFailedIsNotRunAndSaysWhy() {
        SuiteOutcome skipped = outcomes.get("needs-fail");
        assertThat(skipped.status()).isEqualTo(Status.FAILED);
        assertThat(skipped.summary()).startsWith("Not judged: this criterion needs fail to pass first")
                .contains("this one was not run");
        assertThat(skipped.threadDump()).as("its hanging suite never ran").isNull();
        assertThat(outcomes.get("needs-pass").status()).as("a met requirement changes nothing").isEqualTo(Status.PASSED);
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
    void aClearMissIsNotRetriedButAPlainMissIs() {
        assertThat(outcomes.get("clear-miss").status()).isEqualTo(Status.FAILED);
        assertThat(outcomes.get("clear-miss").summary()).contains("a speedup of 1.00x");
        assertThat(outcomes.get("clear-miss").attempts()).as("a clear miss ends the attempts").isEqualTo(1);
        assertThat(outcomes.get("misses").attempts()).as("a plain miss uses every attempt").isEqualTo(3);
    }

    @Test
    void afterAHangTheCriterionRunsNoFurtherCheckAndIsNotRetried() {
        SuiteOutcome hung = outcomes.get("hangs-first");
        assertThat(hung.status()).isEqualTo(Status.FAILED);
        assertThat(hung.summary()).contains("Deadlock: expected run to return");
        assertThat(hung.failures()).as("the second check is not run").hasSize(1);
        assertThat(hung.attempts()).as("a hang is not retried, whatever the attempts allowed").isEqualTo(1);

        SuiteOutcome failed = outcomes.get("fails-first");
        assertThat(failed.failures()).as("after a failure that is no hang, the other checks still run").hasSize(2)
                .last().satisfies(f -> assertThat(f.oneLine()).contains("the second check ran"));
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
    void outOfMemoryEndsTheJvmAndSaysSoWithTheHeapLimit() {
        SuiteOutcome oom = outcomes.get("oom");
        assertThat(oom.status()).isEqualTo(Status.FAILED);
        assertThat(oom.summary()).startsWith("Out of memory:").contains("limit 256 MiB")
                .contains("Terminating due to java.lang.OutOfMemoryError: Java heap space")
                .doesNotContain("System.exit");
        assertThat(outcomes.get("after-oom").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void stackOverflowSaysSoWithTheSubmissionLine() {
        SuiteOutcome overflow = outcomes.get("overflow");
        assertThat(overflow.status()).isEqualTo(Status.FAILED);
        assertThat(overflow.summary()).contains("size counts the elements").contains("Stack overflow")
                .contains("endless recursion?").containsPattern("at RunnerFixtures\\.java:\\d+");
    }

    @Test
    void noMoreNativeThreadsReadsAsTooManyThreadsAndTheRestRunInAFreshJvm() {
        SuiteOutcome threads = outcomes.get("native-threads");
        assertThat(threads.status()).isEqualTo(Status.FAILED);
        assertThat(threads.summary()).startsWith("Too many threads:").contains("unable to create native thread")
                .containsPattern("at RunnerFixtures\\.java:\\d+");
        assertThat(outcomes.get("after-native-threads").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void theThreadLimitStopsAThreadBombButNotAnOrdinarySuite() {
        assertThat(outcomes.get("many-threads").status()).isEqualTo(Status.PASSED);
        SuiteOutcome bomb = outcomes.get("thread-bomb");
        assertThat(bomb.status()).isEqualTo(Status.FAILED);
        assertThat(bomb.summary()).startsWith("Too many threads: ").contains("over the limit of 200")
                .contains("a thread per task or an endless loop starting threads?")
                .contains("most common thread names: \"bomb-worker-N\" x ");
        assertThat(outcomes.get("after-thread-bomb").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void aStaticInitializerCallingSystemExitFailsEveryCriterionTouchingItTheSameWay() {
        for (String id : List.of("exit-on-load-a", "exit-on-load-b")) {
            assertThat(outcomes.get(id).status()).isEqualTo(Status.FAILED);
            assertThat(outcomes.get(id).summary()).startsWith("The submission's JVM ended while this criterion ran"
                    + " (exit code 42): does the code call System.exit or Runtime.halt?");
        }
    }

    @Test
    void theForkRunsInAnEmptySandboxDirectoryApartFromItsPlanAndResults() throws Exception {
        assertThat(outcomes.get("sandboxed").status()).as(outcomes.get("sandboxed").summary()).isEqualTo(Status.PASSED);
        try (var files = Files.walk(work.resolve("forks"))) {
            List<Path> scribbles = files.filter(p -> p.getFileName().toString().equals("scribble.txt")).toList();
            assertThat(scribbles).hasSize(1);
            assertThat(scribbles.get(0).getParent().getFileName().toString()).isEqualTo("sandbox");
            assertThat(scribbles.get(0).getParent().getParent().resolve("plan.json")).exists();
        }
    }

    @Test
    void aFloodedResultsFileIsNotReadFurtherAndTheRestRunInAFreshJvm() {
        SuiteOutcome flooding = outcomes.get("flooding");
        assertThat(flooding.status()).isEqualTo(Status.FAILED);
        assertThat(flooding.summary()).contains("flooded the grader's results file").contains("a line longer than 1 MiB");
        assertThat(notes).anyMatch(n -> n.contains("flooded the grader's results file (a line longer than 1 MiB)"));
        assertThat(outcomes.get("after-flooding").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void theTotalTimeLimitStopsTheRunningCriterionAndLeavesTheRestNotRun() throws Exception {
        List<Criterion> criteria = List.of(
                criterion("first", RunnerFixtures.Passing.class, 30, 1),
                criterion("slow", RunnerFixtures.Slow.class, 120, 1),
                criterion("last", RunnerFixtures.Passing.class, 30, 1));
        Exercise exercise = new Exercise("fixtures", null, PKG, List.of(), criteria);
        List<String> deadlineNotes = new ArrayList<>();
        Deadline deadline = Deadline.after(Duration.ofSeconds(6));
        long start = System.nanoTime();
        Map<String, SuiteOutcome> cut = new ForkedSuites(options, deadline).run(exercise, criteria,
                Files.createDirectories(work.resolve("classes")), work.resolve("deadline"), deadlineNotes);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
        assertThat(cut.get("first").status()).isEqualTo(Status.PASSED);
        assertThat(cut.get("slow").status()).isEqualTo(Status.ERROR);
        assertThat(cut.get("slow").summary()).startsWith("Not finished: the submission used up its total time limit of 6 s"
                + " (after the timeout factor) while this criterion ran");
        assertThat(cut.get("slow").threadDump()).contains("takesItsTime");
        assertThat(cut.get("last").status()).isEqualTo(Status.ERROR);
        assertThat(cut.get("last").summary()).isEqualTo("Not run: the submission used up its total time limit of 6 s"
                + " (after the timeout factor); earlier criteria hung or were slow");

        Map<String, SuiteOutcome> none = new ForkedSuites(options, new Deadline(System.nanoTime() - 1_000_000_000L,
                Duration.ofMillis(500))).run(exercise, criteria, work.resolve("classes"), work.resolve("late"), deadlineNotes);
        assertThat(none.values()).allMatch(o -> o.status() == Status.ERROR && o.summary().startsWith(Deadline.NOT_RUN));
        assertThat(work.resolve("late")).doesNotExist();
    }

    @Test
    void everyCriterionHasAVerdict() {
        assertThat(outcomes).hasSize(31).doesNotContainValue(null);
    }
}
