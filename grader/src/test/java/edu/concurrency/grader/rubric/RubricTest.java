package edu.concurrency.grader.rubric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RubricTest {

    @Test
    void bundledRubricHasTheQueueExerciseWithAllFourKinds() {
        Exercise queue = Rubric.loadDefault().exercise("queue").orElseThrow();
        assertThat(queue.criteria()).extracting(Criterion::kind).contains(Kind.values());
        assertThat(queue.maxPoints()).isPositive();
        assertThat(queue.criteria()).allSatisfy(c -> assertThat(c.id()).startsWith("queue."));
    }

    @Test
    void onlyKeepsTheSelectedExercisesAndRejectsUnknownOnes() {
        Rubric rubric = Rubric.loadDefault();
        assertThat(rubric.only(List.of("queue")).exercises()).extracting(Exercise::id).containsExactly("queue");
        assertThatThrownBy(() -> rubric.only(List.of("nope"))).isInstanceOf(RubricException.class).hasMessageContaining("nope");
    }

    @Test
    void onlyCriteriaKeepsThemAndWhatTheyRequireInRubricOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.yaml");
        Files.writeString(file, """
                exercises:
                  - id: q
                    package: p
                    criteria:
                      - {id: q.a, kind: correctness, points: 1, tests: [A]}
                      - {id: q.b, kind: correctness, points: 2, tests: [B], requires: [q.a]}
                      - {id: q.c, kind: architecture, points: 3, tests: [C], requires: [q.b]}
                      - {id: q.d, kind: correctness, points: 4, tests: [D]}
                  - id: w
                    package: w
                    criteria:
                      - {id: w.a, kind: correctness, points: 5, tests: [W]}
                """);
        Rubric rubric = Rubric.load(file);

        Rubric partial = rubric.onlyCriteria(List.of("q.d", "q.c"));
        assertThat(partial.exercises()).extracting(Exercise::id).containsExactly("q");
        assertThat(partial.exercises().get(0).criteria()).extracting(Criterion::id)
                .containsExactly("q.a", "q.b", "q.c", "q.d");
        assertThat(partial.criteriaCount()).isEqualTo(4);
        assertThat(rubric.onlyCriteria(List.of("w.a")).exercises()).extracting(Exercise::id).containsExactly("w");
        assertThat(rubric.onlyCriteria(List.of())).isSameAs(rubric);
        assertThatThrownBy(() -> rubric.onlyCriteria(List.of("q.x"))).isInstanceOf(RubricException.class)
                .hasMessageContaining("no criterion 'q.x'");
    }

    @Test
    void inconsistentRubricsAreRejectedWithTheCriterionNamed(@TempDir Path dir) throws Exception {
        Path duplicate = dir.resolve("dup.yaml");
        Files.writeString(duplicate, """
                exercises:
                  - id: q
                    package: p
                    criteria:
                      - {id: a, kind: correctness, points: 1, tests: [X]}
                      - {id: a, kind: correctness, points: 1, tests: [Y]}
                """);
        assertThatThrownBy(() -> Rubric.load(duplicate)).hasMessageContaining("'a' appears twice");

        Path raceWithTests = dir.resolve("race.yaml");
        Files.writeString(raceWithTests, """
                exercises:
                  - id: q
                    package: p
                    criteria:
                      - {id: r, kind: race, points: 1, tests: [X]}
                """);
        assertThatThrownBy(() -> Rubric.load(raceWithTests)).hasMessageContaining("r: a race criterion needs probes");

        Path laterRequirement = dir.resolve("requires.yaml");
        Files.writeString(laterRequirement, """
                exercises:
                  - id: q
                    package: p
                    criteria:
                      - {id: a, kind: architecture, points: 1, tests: [X], requires: [b]}
                      - {id: b, kind: correctness, points: 1, tests: [Y]}
                """);
        assertThatThrownBy(() -> Rubric.load(laterRequirement)).hasMessageContaining("a requires 'b'");

        Path architectureModelCheck = dir.resolve("model-check.yaml");
        Files.writeString(architectureModelCheck, """
                exercises:
                  - id: q
                    package: p
                    criteria:
                      - {id: a, kind: architecture, points: 1, tests: [X], modelCheck: ["M#m"]}
                """);
        assertThatThrownBy(() -> Rubric.load(architectureModelCheck))
                .hasMessageContaining("a: only a correctness criterion has a modelCheck");

        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, """
                exercises:
                  - id: q
                    package: p
                    criteria:
                      - {id: a, kind: correctness, point: 1, tests: [X]}
                """);
        assertThatThrownBy(() -> Rubric.load(typo)).isInstanceOf(RubricException.class).hasMessageContaining("point");
    }
}
