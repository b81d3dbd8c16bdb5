package edu.concurrency.grader.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.runner.fixtures.LaneFixtures;
import edu.concurrency.grader.submission.CompileResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared phases run an exercise's correctness criteria and its race model checks side by side in two lanes. */
class SharedPhasesTest {
    private static final String PKG = "edu.concurrency.grader.runner.fixtures";

    @TempDir
    Path work;

    private List<SharedPhases.Result> run(int lanes) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        GradingOptions options = new GradingOptions(Path.of(System.getProperty("java.home"), "bin", "java"),
                Arrays.stream(cp.split(File.pathSeparator)).map(Path::of).toList(), work.resolve("none.jar"), work,
                2, 1.0, 256, 8192, 200, 600);
        Criterion suites = new Criterion("lanes.suites", "suites", Kind.CORRECTNESS, 1,
                List.of(LaneFixtures.Suites.class.getName()), List.of(), List.of(), 30, 1, false);
        Criterion race = new Criterion("lanes.race", "race", Kind.RACE, 1,
                List.of(LaneFixtures.ModelCheck.class.getName()), List.of(), List.of(), 30, 1, false);
        Exercise exercise = new Exercise("lanes", null, PKG, List.of(), List.of(suites, race));
        Path classes = Files.createDirectories(work.resolve("classes"));
        CompileResult compiled = new CompileResult(true, classes, List.of());
        return new SharedPhases(new ForkedSuites(options), lanes)
                .run(List.of(new SharedPhases.Compiled(exercise, compiled, work.resolve("lanes"))));
    }

    @Test
    void withTwoLanesTheModelCheckRunsBesideTheCorrectnessCriteria() throws Exception {
        SharedPhases.Result result = run(2).get(0);

        assertThat(result.outcomes().get("lanes.suites").status()).as(result.outcomes().toString()).isEqualTo(Status.PASSED);
        assertThat(result.modelChecks().get("lanes.race").status()).as(result.modelChecks().toString()).isEqualTo(Status.PASSED);
        assertThat(result.phases()).extracting(p -> p.phase())
                .containsExactly("lanes: correctness and architecture", "lanes: model checks (Lincheck)");
    }

    @Test
    void withOneLaneTheyRunOneAfterTheOther() throws Exception {
        SharedPhases.Result result = run(1).get(0);

        assertThat(result.outcomes().get("lanes.suites").status()).as("the correctness criteria ran alone and waited in vain")
                .isEqualTo(Status.FAILED);
        assertThat(result.outcomes().get("lanes.suites").summary()).contains("the other JVM's mark");
        assertThat(result.modelChecks().get("lanes.race").status()).as("the model check ran after, finding the mark left")
                .isEqualTo(Status.PASSED);
    }

    @Test
    void noLaneIsNoRunner() {
        assertThatThrownBy(() -> new SharedPhases(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SharedPhases.defaultLanes(1)).isEqualTo(1);
        assertThat(SharedPhases.defaultLanes(2)).isEqualTo(2);
        assertThat(SharedPhases.defaultLanes(8)).isEqualTo(2);
    }
}
