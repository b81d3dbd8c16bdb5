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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exercise with a stall time ({@code stallSeconds: 1} here): a check whose threads all wait,
 * untimed and unchanged, is a hang within seconds, long before its 60 s watchdog; a check that
 * waits for a sleeping thread, a running one or a future the JDK completes is not stalled.
 */
class StallDetectionTest {
    private static final String PKG = "edu.concurrency.grader.runner.fixtures";
    /** Far above the time any of these checks takes when judged by the stall rule, in s. */
    private static final int WATCHDOG_SECONDS = 60;

    @TempDir
    static Path work;
    static Map<String, SuiteOutcome> outcomes;

    @BeforeAll
    static void runFixtures() throws Exception {
        outcomes = run(work, 1, List.of(
                criterion("waits-forever", RunnerFixtures.WaitsForever.class),
                criterion("deadlock", RunnerFixtures.Hanging.class),
                criterion("woken-by-sleeper", RunnerFixtures.WokenBySleeper.class),
                criterion("joins-busy-thread", RunnerFixtures.JoinsABusyThread.class),
                criterion("joins-late-future", RunnerFixtures.JoinsALateFuture.class)));
    }

    /** Runs the criteria as one exercise with the given stall time, in forks under {@code dir}. */
    private static Map<String, SuiteOutcome> run(Path dir, int stallSeconds, List<Criterion> criteria) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        GradingOptions options = new GradingOptions(Path.of(System.getProperty("java.home"), "bin", "java"),
                Arrays.stream(cp.split(File.pathSeparator)).map(Path::of).toList(), dir.resolve("none.jar"), dir,
                2, 1.0, 256, 8192, 200, 600);
        Exercise exercise = new Exercise("fixtures", null, PKG, List.of(), criteria, stallSeconds);
        return new ForkedSuites(options).run(exercise, criteria, Files.createDirectories(dir.resolve("classes")),
                dir.resolve("forks"), new ArrayList<>());
    }

    private static Criterion criterion(String id, Class<?> suite) {
        return new Criterion(id, id, Kind.CORRECTNESS, 1, List.of(suite.getName()), List.of(), List.of(),
                WATCHDOG_SECONDS, 1, false);
    }

    @Test
    void aCheckWaitingForANotificationNobodySendsIsAHangWithinSeconds() {
        SuiteOutcome hang = outcomes.get("waits-forever");
        assertThat(hang.status()).isEqualTo(Status.FAILED);
        assertThat(hang.summary()).startsWith("Hang: for 1.0 s every thread of the check and of the submission waited");
        assertThat(hang.summary()).contains("waiting at RunnerFixtures.java:").contains("(waitForever)");
        assertThat(hang.threadDump()).contains("waitForever");
        assertThat(hang.durationMillis()).as("judged long before the watchdog").isLessThan(WATCHDOG_SECONDS * 1000 / 3);
    }

    @Test
    void aDeadlockIsAHangWithinSecondsAndItsDumpNamesIt() {
        SuiteOutcome hang = outcomes.get("deadlock");
        assertThat(hang.status()).isEqualTo(Status.FAILED);
        assertThat(hang.summary()).startsWith("Hang: for 1.0 s");
        assertThat(hang.threadDump()).contains("Deadlock").contains("\"transfer-1\" BLOCKED on Object@");
        assertThat(hang.durationMillis()).isLessThan(WATCHDOG_SECONDS * 1000 / 3);
    }

    @Test
    void theSameHangInALaterCriterionIsReportedSooner(@TempDir Path again) throws Exception {
        Map<String, SuiteOutcome> twice = run(again, 5, List.of(
                criterion("first", RunnerFixtures.WaitsForever.class),
                criterion("second", RunnerFixtures.WaitsForever.class)));

        SuiteOutcome first = twice.get("first");
        SuiteOutcome second = twice.get("second");
        assertThat(first.summary()).startsWith("Hang: for 5.0 s every thread");
        assertThat(first.stalledAt()).singleElement().asString().startsWith("RunnerFixtures.java:").endsWith("(waitForever)");
        assertThat(second.status()).isEqualTo(Status.FAILED);
        assertThat(second.summary()).startsWith("Hang: the same hang as in an earlier criterion: for 1.0 s every thread")
                .contains("waiting at " + first.stalledAt().get(0));
        assertThat(second.threadDump()).contains("waitForever");
        assertThat(second.durationMillis()).as("a fifth of the stall time after the first").isLessThan(4000);
    }

    @Test
    void waitsThatSomethingWillEndAreNotStalls() {
        for (String id : List.of("woken-by-sleeper", "joins-busy-thread", "joins-late-future")) {
            SuiteOutcome o = outcomes.get(id);
            assertThat(o.status()).as(id + ": " + o.summary()).isEqualTo(Status.PASSED);
            assertThat(o.durationMillis()).as(id + " outlived the stall time").isGreaterThanOrEqualTo(
                    RunnerFixtures.WokenBySleeper.SLEEP_MILLIS);
        }
    }
}
