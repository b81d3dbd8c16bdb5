package edu.concurrency.grader.suites.support.modelcheck;

import edu.concurrency.grader.suites.support.GradingEnvironment;
import java.time.Duration;
import java.util.Optional;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * Runs Lincheck's model checker on one model against its sequential specification, with a small
 * fixed budget: 2 threads, {@code actorsPerThread} operations each, {@code scenarios} random
 * scenarios of {@code invocations} explored interleavings each. The scenarios come from Lincheck's
 * seeded generator, so a run explores the same schedules every time (the traces are deterministic).
 *
 * @param model           the class under test ({@code suites.queue.BufferModels}, {@code suites.webclient.LimiterModels})
 * @param specification   its sequential specification
 * @param scenarios       random scenarios to explore, at least 1
 * @param invocations     interleavings explored per scenario, at least 1
 * @param actorsPerThread operations per thread, at least 1
 * @param actorsAfter     operations run after the parallel part (e.g. a size that shows a lost update)
 */
public record ModelChecker(Class<?> model, Class<?> specification, int scenarios, int invocations,
                           int actorsPerThread, int actorsAfter) {
    /** How long one explored interleaving may take before Lincheck reports it hung, before the timeout factor. */
    static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(10);

    /** The package of the submission's classes the model uses: the package of its first field's type. */
    public String exercisePackage() {
        return java.util.Arrays.stream(model.getDeclaredFields()).map(f -> f.getType().getPackageName())
                .findFirst().orElse(model.getPackageName());
    }

    /**
     * Explores the model's interleavings.
     *
     * @return Lincheck's failure report (results, the interleaving and the detailed trace), or
     *         empty when every explored interleaving was linearizable
     * @throws RuntimeException when Lincheck itself fails (not a counterexample)
     */
    public Optional<String> counterexample() {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(scenarios)
                .invocationsPerIteration(invocations)
                .threads(2)
                .actorsPerThread(actorsPerThread)
                .actorsBefore(0)
                .actorsAfter(actorsAfter)
                .sequentialSpecification(specification);
        // Lincheck's own watch of one invocation (30 s by default; Kotlin-internal setter): an
        // operation that never returns is reported as hung after this instead of holding the
        // criterion until its watchdog
        options.invocationTimeout$lincheck(GradingEnvironment.current().scaled(INVOCATION_TIMEOUT).toMillis());
        try {
            options.check(model);
            return Optional.empty();
        } catch (AssertionError e) {
            // LincheckAssertionError: the report of a failed scenario (invalid results, a deadlock,
            // an exception the specification does not throw)
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
