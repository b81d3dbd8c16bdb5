package edu.concurrency.grader.rubric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bundled rubric and the code it names agree: every suite class, suite method (model checks
 * of failures included) and probe a criterion names exists, and every suite class and probe is named by some criterion (a check no
 * criterion runs is a check that cannot fail). Reads class files only (the suites imported once
 * for the class).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RubricWiringTest {
    private static final String TEST = "org.junit.jupiter.api.Test";
    private static final String REPEATED = "org.junit.jupiter.api.RepeatedTest";
    private static final String PARAMETERIZED = "org.junit.jupiter.params.ParameterizedTest";
    private static final String PROBE = "org.openjdk.jcstress.annotations.JCStressTest";
    private static final Path PROBES_JAR = Path.of(System.getProperty("probes.jar", "../jcstress-tests/target/jcstress.jar"))
            .toAbsolutePath();

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
    void everyProbeNamedExistsAndEveryProbeIsNamed() throws IOException {
        assumeTrue(Files.isRegularFile(PROBES_JAR), "no probes jar at " + PROBES_JAR + " (build jcstress-tests first)");
        Set<String> probes = new TreeSet<>();
        try (JarFile jar = new JarFile(PROBES_JAR.toFile())) {
            for (JavaClass type : new ClassFileImporter()
                    .withImportOption(location -> location.contains("/edu/concurrency/probes/")).importJar(jar)) {
                if (type.getPackageName().startsWith("edu.concurrency.probes") && type.isAnnotatedWith(PROBE)) {
                    probes.add(type.getName());
                }
            }
        }
        Set<String> named = criteria().stream().flatMap(c -> c.probes().stream()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(probes).as("probes in the probes jar").isNotEmpty();
        assertThat(named).as("probes the rubric names").isSubsetOf(probes);
        assertThat(probes).as("probes no criterion runs").isSubsetOf(named);
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
