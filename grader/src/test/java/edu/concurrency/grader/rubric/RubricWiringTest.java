package edu.concurrency.grader.rubric;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bundled rubric and the code it names agree: every suite class, suite method (model checks
 * of failures included) and probe a criterion names exists, and every suite class and probe is
 * named by some criterion (a check no criterion runs is a check that cannot fail); every exercise
 * folder of the exercise module has its rubric file and the rubric no exercise without one. Reads
 * class files only (the suites imported once for the class; the probes from the probes module on
 * the test class path).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RubricWiringTest {
    private static final String TEST = "org.junit.jupiter.api.Test";
    private static final String REPEATED = "org.junit.jupiter.api.RepeatedTest";
    private static final String PARAMETERIZED = "org.junit.jupiter.params.ParameterizedTest";
    private static final String PROBE = "org.openjdk.jcstress.annotations.JCStressTest";
    private static final String SUITES = "edu.concurrency.grader.suites";
    /** The repository: the grader module's tests run in {@code grader/}. */
    private static final Path REPO = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    private final Rubric rubric = Rubric.loadDefault();
    private final JavaClasses suites = importSuites();

    @Test
    void everySuiteAndMethodNamedByACriterionExists() {
        for (Criterion c : criteria()) {
            for (String test : Stream.concat(c.tests().stream(), c.modelCheck().stream()).toList()) {
                String className = test.contains("#") ? test.substring(0, test.indexOf('#')) : test;
                assertThat(suites.contain(className)).as(c.id() + " names suite " + className).isTrue();
                if (test.contains("#")) {
                    String method = test.substring(test.indexOf('#') + 1);
                    assertThat(suites.get(className).getAllMethods()).as(c.id() + " names " + test)
                            .anyMatch(m -> m.getName().equals(method) && isCheck(m.getAnnotations().stream()
                                    .map(a -> a.getRawType().getName()).collect(Collectors.toSet())));
                }
            }
        }
    }

    @Test
    void everySuiteClassIsNamedByACriterion() {
        Set<String> named = criteria().stream().flatMap(c -> c.tests().stream())
                .map(t -> t.contains("#") ? t.substring(0, t.indexOf('#')) : t).collect(Collectors.toSet());
        Set<String> suiteClasses = new TreeSet<>();
        for (JavaClass type : suites) {
            boolean hasChecks = type.getMethods().stream().anyMatch(m -> isCheck(m.getAnnotations().stream()
                    .map(a -> a.getRawType().getName()).collect(Collectors.toSet())));
            if (hasChecks && !type.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)) {
                suiteClasses.add(type.getName());
            }
        }
        assertThat(suiteClasses).as("suite classes").isNotEmpty();
        assertThat(suiteClasses).as("suite classes no criterion runs").isSubsetOf(named);
    }

    @Test
    void everyClassNamedSuiteOfAnExercisesSuitesPackageIsNamedByACriterion() {
        Set<String> named = criteria().stream().flatMap(c -> Stream.concat(c.tests().stream(), c.modelCheck().stream()))
                .map(t -> t.contains("#") ? t.substring(0, t.indexOf('#')) : t).collect(Collectors.toSet());
        Set<String> suiteClasses = new TreeSet<>();
        for (JavaClass type : suites) {
            String pkg = type.getPackageName();
            boolean exercisePackage = pkg.startsWith(SUITES + ".") && !pkg.substring(SUITES.length() + 1).contains(".")
                    && !pkg.endsWith(".support");
            if (exercisePackage && type.getSimpleName().endsWith("Suite") && type.isTopLevelClass()
                    && !type.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)) {
                suiteClasses.add(type.getName());
            }
        }
        assertThat(suiteClasses).as("classes named *Suite in suites/<exercise>/").isNotEmpty();
        assertThat(suiteClasses).as("suites no criterion names (make a base class abstract)").isSubsetOf(named);
    }

    @Test
    void everyProbeNamedExistsAndEveryProbeIsNamed() {
        Set<String> probes = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter().importPackages("edu.concurrency.probes")) {
            if (type.isAnnotatedWith(PROBE)) {
                probes.add(type.getName());
            }
        }
        Set<String> named = criteria().stream().flatMap(c -> c.probes().stream()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(probes).as("probes of the jcstress-tests module on the test class path").isNotEmpty();
        assertThat(named).as("probes the rubric names").isSubsetOf(probes);
        assertThat(probes).as("probes no criterion runs").isSubsetOf(named);
    }

    @Test
    void everyExerciseFolderHasItsRubricFileAndEveryRubricFileItsFolders() throws IOException {
        Path exercises = REPO.resolve("exercises/src/main/java/edu/concurrency");
        Set<String> folders;
        try (Stream<Path> list = Files.list(exercises)) {
            folders = list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> packages = new TreeSet<>();
        for (RubricFiles.Source file : RubricFiles.bundled()) {
            String name = file.name().substring(file.name().lastIndexOf('/') + 1);
            Rubric one = Rubric.fromFiles(List.of(file));
            assertThat(one.exercises()).as(file.name() + " holds the one exercise it is named after").extracting(Exercise::id)
                    .containsExactly(name.substring(0, name.length() - RubricFiles.SUFFIX.length()));
            Exercise e = one.exercises().get(0);
            assertThat(e.packageName()).as(file.name()).startsWith("edu.concurrency.");
            String folder = e.packageName().substring("edu.concurrency.".length());
            packages.add(folder);
            assertThat(REPO.resolve("solutions/src/main/java").resolve(e.packagePath())).as("reference of " + e.id())
                    .isDirectory();
            assertThat(REPO.resolve("grader/src/main/java/edu/concurrency/grader/suites").resolve(folder))
                    .as("suites of " + e.id()).isDirectory();
            assertThat(REPO.resolve("grader/src/test/submissions").resolve(e.id())).as("test submissions of " + e.id())
                    .isDirectory();
        }
        assertThat(folders).as("exercise folders under " + exercises).isNotEmpty();
        assertThat(packages).as("the rubric files' packages").isEqualTo(folders);
    }

    /** The grader's suites, from the class files next to this build's {@link Rubric}. */
    private static JavaClasses importSuites() {
        try {
            Path classes = Path.of(Rubric.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().importPath(classes.resolve("edu/concurrency/grader/suites"));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Criterion> criteria() {
        return rubric.exercises().stream().flatMap(e -> e.criteria().stream()).toList();
    }

    private static boolean isCheck(Set<String> annotations) {
        return annotations.contains(TEST) || annotations.contains(REPEATED) || annotations.contains(PARAMETERIZED);
    }
}
