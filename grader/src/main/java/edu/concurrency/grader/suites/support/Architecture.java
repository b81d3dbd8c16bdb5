package edu.concurrency.grader.suites.support;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.file.Path;
import java.util.List;

/**
 * ArchUnit for the suites: imports the submission's compiled classes (not the grader's, not the
 * course-provided ones from the class path) and turns a violated rule into feedback whose first
 * line a student understands, followed by ArchUnit's details (class, call, file:line).
 */
public final class Architecture {

    private Architecture() {
    }

    /**
     * Imports the classes of one package from the submission's class directory
     * ({@link GradingEnvironment#requireSubmissionClasses()}).
     *
     * <p>Classes the submission uses from elsewhere (JDK, course classes) are <em>not</em> read
     * from the class path: they are known by name only (package, simple name), and their
     * supertypes are unknown to ArchUnit. Resolving them made an import take seconds instead of
     * tens of milliseconds on a loaded machine. Rules that need the type hierarchy of a JDK class
     * check it with reflection ({@link #isAssignableTo(JavaClass, Class)}). The setting applies to
     * this import only (ArchUnit's thread-local configuration scope).
     *
     * @param packageName the exercise's package, e.g. {@code edu.concurrency.queue}; subpackages
     *                    are included
     * @return the submission's classes of that package (possibly none)
     */
    public static JavaClasses importSubmission(String packageName) {
        Path classes = GradingEnvironment.current().requireSubmissionClasses();
        JavaClasses all = ArchConfiguration.withThreadLocalScope((ArchConfiguration configuration) -> {
            configuration.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter().importPath(classes);
        });
        return all.that(JavaClass.Predicates.resideInAPackage(packageName + ".."));
    }

    /**
     * Whether an imported class (possibly known by name only) is assignable to a type, decided
     * with reflection on the class of that name, without initialising it.
     *
     * @param javaClass the imported class
     * @param type      the supertype
     * @return true if the class can be loaded and is a subtype of {@code type}; false otherwise
     */
    public static boolean isAssignableTo(JavaClass javaClass, Class<?> type) {
        if (javaClass.isArray() || javaClass.isPrimitive()) {
            return false;
        }
        try {
            return type.isAssignableFrom(Class.forName(javaClass.getName(), false, Architecture.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Checks a rule and fails with a student-readable headline.
     *
     * @param rule     the rule
     * @param classes  the imported classes
     * @param headline the first line of the failure: what is forbidden and why, e.g.
     *                 {@code "BoundedBuffer must not sleep: ..."}
     * @throws AssertionError if the rule is violated: the headline, then one line per violation
     */
    public static void check(ArchRule rule, JavaClasses classes, String headline) {
        EvaluationResult result = rule.evaluate(classes);
        if (result.hasViolation()) {
            List<String> details = result.getFailureReport().getDetails();
            throw new AssertionError(headline + System.lineSeparator()
                    + String.join(System.lineSeparator(), details));
        }
    }
}
