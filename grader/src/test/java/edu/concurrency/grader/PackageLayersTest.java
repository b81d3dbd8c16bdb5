package edu.concurrency.grader;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The grader's own packages keep their layering: the command line on top, then the exporters,
 * the grading run, the fork and jcstress runners and the compiler, and at the bottom the report,
 * process and rubric models; the suites are reached only by name (from the rubric), never by a
 * reference from the grader's code. No package depends on one above it, and there are no cycles.
 * The suites of one exercise use neither another exercise's classes nor its suites, and the shared
 * {@code suites.support} uses none: a template exported for one exercise, which holds only that
 * exercise's classes and suites, must still compile.
 */
class PackageLayersTest {
    private static final JavaClasses GRADER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("edu.concurrency.grader");

    @Test
    void noPackageDependsOnOneAboveIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("cli").definedBy("edu.concurrency.grader.cli..")
                .layer("classroom").definedBy("edu.concurrency.grader.classroom..")
                .layer("batch").definedBy("edu.concurrency.grader.batch..")
                .layer("classreport").definedBy("edu.concurrency.grader.classreport..")
                .layer("gradebook").definedBy("edu.concurrency.grader.gradebook..")
                .layer("runner").definedBy("edu.concurrency.grader.runner..")
                .layer("fork").definedBy("edu.concurrency.grader.fork..")
                .layer("jcstress").definedBy("edu.concurrency.grader.jcstress..")
                .layer("verdict").definedBy("edu.concurrency.grader.verdict..")
                .layer("submission").definedBy("edu.concurrency.grader.submission..")
                .layer("report").definedBy("edu.concurrency.grader.report..")
                .layer("process").definedBy("edu.concurrency.grader.process..")
                .layer("rubric").definedBy("edu.concurrency.grader.rubric..")
                .layer("suites").definedBy("edu.concurrency.grader.suites..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("classroom").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("batch").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("classreport").mayOnlyBeAccessedByLayers("cli", "batch")
                .whereLayer("gradebook").mayOnlyBeAccessedByLayers("cli", "batch", "classreport")
                .whereLayer("runner").mayOnlyBeAccessedByLayers("cli", "batch")
                .whereLayer("fork").mayOnlyBeAccessedByLayers("runner", "suites")
                .whereLayer("jcstress").mayOnlyBeAccessedByLayers("runner")
                .whereLayer("verdict").mayOnlyBeAccessedByLayers("runner", "fork", "jcstress", "suites")
                .whereLayer("submission").mayOnlyBeAccessedByLayers("runner", "classroom", "batch")
                .whereLayer("report").mayOnlyBeAccessedByLayers("cli", "classroom", "runner", "fork", "jcstress", "verdict", "batch",
                        "classreport", "gradebook")
                .whereLayer("process").mayOnlyBeAccessedByLayers("cli", "runner", "fork", "jcstress", "suites")
                .whereLayer("rubric").mayOnlyBeAccessedByLayers("cli", "classroom", "runner", "report", "submission", "batch",
                        "classreport", "gradebook")
                .whereLayer("suites").mayNotBeAccessedByAnyLayer()
                .check(GRADER);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("edu.concurrency.grader.(**)").should().beFreeOfCycles().check(GRADER);
    }

    @Test
    void theSuitesOfAnExerciseNeedNoOtherExercise() {
        List<Exercise> exercises = Rubric.loadDefault().exercises();
        for (Exercise exercise : exercises) {
            String[] others = exercises.stream().filter(o -> o != exercise)
                    .flatMap(o -> List.of(o.packageName() + "..", "edu.concurrency.grader.suites." + o.id() + "..").stream())
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage("edu.concurrency.grader.suites." + exercise.id() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("a template exported for " + exercise.id() + " alone must compile").check(GRADER);
        }
        String[] all = exercises.stream()
                .flatMap(o -> List.of(o.packageName() + "..", "edu.concurrency.grader.suites." + o.id() + "..").stream())
                .toArray(String[]::new);
        noClasses().that().resideInAPackage("edu.concurrency.grader.suites.support..")
                .should().dependOnClassesThat().resideInAnyPackage(all)
                .because("every exported template holds suites.support").check(GRADER);
        String[] owned = Stream.concat(exercises.stream().map(e -> "edu.concurrency.grader.suites." + e.id() + ".."),
                Stream.of("edu.concurrency.grader.suites.support..", "edu.concurrency.grader.suites")).toArray(String[]::new);
        classes().that().resideInAPackage("edu.concurrency.grader.suites..").should().resideInAnyPackage(owned)
                .because("a template keeps an exercise's suites package and suites.support, nothing else of suites")
                .check(GRADER);
    }
}
