package edu.concurrency.grader.suites.support.modelcheck;

import edu.concurrency.grader.suites.support.GradingEnvironment;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Runs Lincheck's model checker on one model against its sequential specification, with a small
 * fixed budget: 2 threads, {@code actorsPerThread} operations each, {@code scenarios} random
 * scenarios of {@code invocations} explored interleavings each. The scenarios come from Lincheck's
 * seeded generator, so a run explores the same schedules every time (the traces are deterministic).
 * Or one fixed scenario ({@link #scenario(Class, Class, int, List)}): for operations that block,
 * where a random scenario would mostly leave a thread waiting for ever (a put into a full buffer
 * that no later take empties), which the model checker reports as a hang.
 *
 * @param model           the class under test ({@code suites.queue.BufferModels}, {@code suites.webclient.LimiterModels})
 * @param specification   its sequential specification
 * @param scenarios       random scenarios to explore, at least 1; 0 with a fixed scenario
 * @param invocations     interleavings explored per scenario, at least 1
 * @param actorsPerThread operations per thread, at least 1
 * @param actorsAfter     operations run after the parallel part (e.g. a size that shows a lost update)
 * @param threads         the fixed scenario: per thread, its operations in order; empty for random scenarios
 */
public record ModelChecker(Class<?> model, Class<?> specification, int scenarios, int invocations,
                           int actorsPerThread, int actorsAfter, List<List<Call>> threads) {
    /** How long one explored interleaving may take before Lincheck reports it hung, before the timeout factor. */
    static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(10);

    public ModelChecker {
        threads = threads.stream().map(List::copyOf).toList();
    }

    /** Random scenarios of 2 threads. */
    public ModelChecker(Class<?> model, Class<?> specification, int scenarios, int invocations,
                        int actorsPerThread, int actorsAfter) {
        this(model, specification, scenarios, invocations, actorsPerThread, actorsAfter, List.of());
    }

    /**
     * One fixed scenario, {@code invocations} interleavings of it.
     *
     * @param threads per thread, the operations it runs in order (each an {@link Operation} method of {@code model})
     */
    public static ModelChecker scenario(Class<?> model, Class<?> specification, int invocations, List<List<Call>> threads) {
        return new ModelChecker(model, specification, 0, invocations, 0, 0, threads);
    }

    /**
     * One operation of a fixed scenario.
     *
     * @param operation the name of an {@link Operation} method of the model
     * @param arguments its arguments
     */
    public record Call(String operation, List<Object> arguments) {
        public Call {
            arguments = List.copyOf(arguments);
        }

        /** {@code operation(arguments...)}. */
        public static Call of(String operation, Object... arguments) {
            return new Call(operation, Arrays.asList(arguments));
        }
    }

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
                .threads(threads.isEmpty() ? 2 : threads.size())
                .actorsPerThread(Math.max(1, actorsPerThread))
                .actorsBefore(0)
                .actorsAfter(actorsAfter)
                .sequentialSpecification(specification);
        if (!threads.isEmpty()) {
            options.addCustomScenario(new ExecutionScenario(List.of(),
                    threads.stream().map(calls -> calls.stream().map(this::actor).toList()).toList(), List.of(), null));
        }
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

    /** The actor of {@code call}: the model's {@link Operation} method of that name and arity, blocking as annotated. */
    private Actor actor(Call call) {
        Method method = Arrays.stream(model.getMethods())
                .filter(m -> m.getName().equals(call.operation()) && m.getParameterCount() == call.arguments().size())
                .filter(m -> m.isAnnotationPresent(Operation.class)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(model.getName() + " has no operation " + call));
        return new Actor(method, call.arguments(), false, method.getAnnotation(Operation.class).blocking(), false, false, false);
    }
}
