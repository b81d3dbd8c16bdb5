package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import edu.concurrency.grader.process.ManagedProcess;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Rubric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of hostile and broken submissions, graded end to end with the packaged
 * grader: each entry in {@code grader/src/test/submissions/hostile/} gets a complete report within
 * its documented bound, loses exactly the criteria its {@code expected.yaml} names, says why in
 * the words listed there, and leaves no process running (checked from outside the grader).
 *
 * <p>Each grading prints one line for the catalogue table: the entry, its wall time, the criteria
 * lost, and the first words of the report about them.
 */
@Tag("slow")
@Tag("hostile")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSubmissionsIT {
    private static final Rubric RUBRIC = Rubric.loadDefault();

    /**
     * What a catalogue entry's {@code expected.yaml} says (format: see the entries' directory).
     *
     * @param exercise     the exercise graded ({@code --only})
     * @param entry        the catalogue entry: the kind of hostility (1-10, see the catalogue's README)
     * @param caseName     one line describing the submission ({@code case} in the file)
     * @param boundSeconds the documented bound on the grading's wall time, in seconds
     * @param loses        criteria that must be lost
     * @param mayLose      criteria that may be lost too
     * @param says         lower-case phrases the report must contain (lost criteria's feedback and
     *                     details, and the report's notes)
     * @param reportWatchSeconds how long after the grading {@code report.json} is watched for a
     *                     rewrite by something the submission left behind, in seconds (default 0)
     * @param withoutCgroups whether the entry is graded a second time as on a machine that gives
     *                     the grader no cgroup (a student's laptop), where other means must find
     *                     what the submission left running (default false)
     */
    record HostileCase(String exercise, int entry, @JsonProperty("case") String caseName,
                       double boundSeconds, Set<String> loses, Set<String> mayLose, List<String> says,
                       double reportWatchSeconds, boolean withoutCgroups) {
        HostileCase {
            loses = loses == null ? Set.of() : Set.copyOf(loses);
            mayLose = mayLose == null ? Set.of() : Set.copyOf(mayLose);
            says = says == null ? List.of() : List.copyOf(says);
        }

        static HostileCase read(Path entry) throws IOException {
            return new ObjectMapper(new YAMLFactory()).readValue(entry.resolve("expected.yaml").toFile(), HostileCase.class);
        }
    }

    Stream<Path> catalogue() throws IOException {
        try (Stream<Path> dirs = Files.list(GradingRun.repoRoot().resolve("grader/src/test/submissions/hostile"))) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    Stream<Path> processEntries() throws IOException {
        List<Path> entries = new ArrayList<>();
        for (Path entry : (Iterable<Path>) catalogue()::iterator) {
            if (HostileCase.read(entry).withoutCgroups()) {
                entries.add(entry);
            }
        }
        return entries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    @DisplayName("a hostile submission gets a complete, true report in bounded time and leaves nothing running")
    void gradedCompletelyInBoundedTime(Path entry, @TempDir Path work) throws Exception {
        gradeAndCheck(entry, work, List.of(), "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processEntries")
    @DisplayName("without a cgroup, what a hostile submission leaves running is still found and killed")
    void gradedCompletelyWithoutCgroups(Path entry, @TempDir Path work) throws Exception {
        gradeAndCheck(entry, work, List.of("-D" + ManagedProcess.CGROUPS_PROPERTY + "=false"), " (no cgroup)");
    }

    private void gradeAndCheck(Path entry, Path work, List<String> graderJvmOptions, String variant) throws Exception {
        HostileCase expected = HostileCase.read(entry);
        Path submission = GradingRun.overlay(entry, Files.createDirectories(work.resolve("submission")));
        Path reports = work.resolve("report");
        GradingRun run = GradingRun.grade(graderJvmOptions, submission, reports, "--only", expected.exercise());
        List<CriterionResult> criteria = run.report().criteria();
        String story = run.story(entry.getFileName() + variant + " (" + expected.caseName() + ")");

        assertThat(run.ownSeconds()).as(story + "\nwall time in s less the wait for other gradings, bound "
                        + expected.boundSeconds())
                .isLessThanOrEqualTo(expected.boundSeconds());
        assertThat(reports.resolve("report.md")).as("report.md is written").isNotEmptyFile();
        assertThat(run.exitCode()).as(story + "\nexit code: 1 = below --min-score; 3 would mean the grader failed")
                .isIn(0, 1);
        List<String> rubricIds = RUBRIC.exercise(expected.exercise()).orElseThrow().criteria().stream()
                .map(Criterion::id).toList();
        assertThat(criteria).as("a verdict for every criterion of the exercise, in rubric order")
                .extracting(CriterionResult::id).containsExactlyElementsOf(rubricIds);
        Set<String> lost = run.assertLost(expected.loses(), expected.mayLose(), story);
        String said = run.feedbackOf(lost) + "\n" + String.join("\n", run.report().notes()).toLowerCase();
        assertThat(expected.says()).as(story + "\nthe report explains the case").allSatisfy(
                phrase -> assertThat(said).contains(phrase.toLowerCase()));

        assertThat(run.survivors()).as(story + "\nprocesses of the submission still running after grading").isEmpty();
        assertThat(GradingRun.runningMentioning(work)).as(story + "\nprocesses still working on the submission's files")
                .isEmpty();
        byte[] written = Files.readAllBytes(reports.resolve("report.json"));
        long until = System.nanoTime() + (long) (expected.reportWatchSeconds() * 1e9);
        while (System.nanoTime() < until) { // an observation window, not synchronisation: nothing may change it
            assertThat(Files.readAllBytes(reports.resolve("report.json"))).as(story + "\nreport.json after the grader exited")
                    .isEqualTo(written);
            Thread.sleep(100);
        }

        String firstWords = criteria.stream().filter(c -> c.status() != Status.PASSED).map(CriterionResult::feedback)
                .findFirst().or(() -> run.report().notes().stream().findFirst()).orElse("")
                .lines().findFirst().orElse("");
        System.out.printf("CATALOGUE | %s%s | %d | %.1f s (bound %.0f) | lost %s | %s%n", entry.getFileName(), variant,
                expected.entry(), run.ownSeconds(), expected.boundSeconds(), lost,
                firstWords.length() > 160 ? firstWords.substring(0, 160) + "..." : firstWords);
    }
}
