package edu.concurrency.grader.suites.support;

import edu.concurrency.grader.fork.HangError;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Once a check of a criterion hangs ({@link HangError}, or JUnit's own per-check timeout), the
 * criterion's remaining checks are not run: a criterion is all or nothing, so it is lost already,
 * and a hang nearly always repeats in the next check, each costing its stall time or timeout
 * (measured: a deadlocked producer/consumer cost 25 s in the checks of one criterion, 4 s now).
 * The criterion's feedback is the hang; the checks not run are JUnit's disabled tests, with the
 * hang's first line as the reason.
 *
 * <p>Registered for the forked JVMs through JUnit's extension auto-detection
 * ({@code META-INF/services/org.junit.jupiter.api.extension.Extension}, enabled by the fork); the
 * state lives in the store of the root context, which is new for every criterion (every launcher
 * execution).
 */
public final class StopAfterHang implements ExecutionCondition, TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StopAfterHang.class);
    private static final String HUNG = "hung";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String hung = context.getRoot().getStore(NAMESPACE).get(HUNG, String.class);
        return hung == null || context.getTestMethod().isEmpty()
                ? ConditionEvaluationResult.enabled("no check of this criterion hung")
                : ConditionEvaluationResult.disabled("Not run: an earlier check of this criterion hung (" + hung
                        + "); a hang nearly always repeats, so fix it first");
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof HangError || thrown instanceof TimeoutException) {
            String message = String.valueOf(thrown.getMessage());
            int newline = message.indexOf('\n');
            context.getRoot().getStore(NAMESPACE).put(HUNG, newline < 0 ? message : message.substring(0, newline).strip());
        }
        throw thrown;
    }
}
