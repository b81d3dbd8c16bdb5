package edu.concurrency.grader.suites.pipeline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.fail;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import edu.concurrency.grader.suites.support.Architecture;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Architecture criteria of the pipeline exercise, checked with ArchUnit on the submission's
 * compiled classes. Calls, method references ({@code stage::apply}) and calls inside lambdas all
 * count (ArchUnit attributes a lambda's calls to the enclosing method). "WorkerMain" includes its
 * nested and anonymous classes.
 */
@DisplayName("pipeline architecture")
class PipelineArchitectureSuite {
    private static final String WORKER_MAIN = PipelineHarness.PACKAGE + ".WorkerMain";
    private static final String STAGE = PipelineHarness.PACKAGE + ".Stage";

    /** Classes that are WorkerMain or nested in it. */
    private static final DescribedPredicate<JavaClass> WORKER_SIDE = JavaClass.Predicates.belongTo(
            DescribedPredicate.describe("WorkerMain", c -> c.getName().equals(WORKER_MAIN)));

    @Test
    @DisplayName("only WorkerMain calls Stage.apply: the parent never computes in its own process")
    void onlyWorkerMainCallsApply() {
        JavaClasses submission = Architecture.importSubmission(PipelineHarness.PACKAGE);
        Architecture.check(classes().that(DescribedPredicate.not(WORKER_SIDE))
                        .should(notAccess("call Stage.apply", a -> a.getTarget().getName().equals("apply")
                                && a.getTarget().getOwner().isAssignableTo(STAGE))),
                submission,
                "Computing in the parent: only WorkerMain may call Stage.apply (directly, in a lambda or as stage::apply);"
                        + " ProcessPipeline sends the inputs to worker processes instead.");
    }

    @Test
    @DisplayName("the pipeline starts its workers with ProcessBuilder.start(), never Runtime.exec")
    void workersAreStartedWithProcessBuilder() {
        JavaClasses submission = Architecture.importSubmission(PipelineHarness.PACKAGE);
        Architecture.check(classes().should(notAccess("call Runtime.exec", a -> a.getTarget().getName().equals("exec")
                        && a.getTarget().getOwner().isEquivalentTo(Runtime.class))),
                submission, "Start worker processes with ProcessBuilder, not Runtime.exec.");
        List<JavaClass> starters = submission.stream().filter(DescribedPredicate.not(WORKER_SIDE))
                .filter(c -> c.getCodeUnitAccessesFromSelf().stream().anyMatch(a ->
                        a.getTarget().getOwner().isEquivalentTo(ProcessBuilder.class)
                                && (a.getTarget().getName().equals("start") || a.getTarget().getName().equals("startPipeline"))))
                .toList();
        if (starters.isEmpty()) {
            fail("No worker processes: no class of the pipeline calls ProcessBuilder.start(). ProcessPipeline must start"
                    + " its workers as separate JVMs with ProcessBuilder (java -cp <class path>"
                    + " edu.concurrency.pipeline.WorkerMain <stage>).");
        }
    }

    @Test
    @DisplayName("no class other than WorkerMain calls System.exit, Runtime.exit or Runtime.halt")
    void noExitOutsideWorkerMain() {
        JavaClasses submission = Architecture.importSubmission(PipelineHarness.PACKAGE);
        Architecture.check(classes().that(DescribedPredicate.not(WORKER_SIDE))
                        .should(notAccess("end the JVM", a -> (a.getTarget().getOwner().isEquivalentTo(System.class)
                                && a.getTarget().getName().equals("exit"))
                                || (a.getTarget().getOwner().isEquivalentTo(Runtime.class)
                                && (a.getTarget().getName().equals("exit") || a.getTarget().getName().equals("halt"))))),
                submission,
                "Ending the JVM outside a worker: only WorkerMain may call System.exit, Runtime.exit or Runtime.halt;"
                        + " the pipeline runs inside its user's program and must never end it.");
    }

    /** A condition that fails for every call or method reference that matches. */
    private static ArchCondition<JavaClass> notAccess(String what, Predicate<JavaCodeUnitAccess<?>> forbidden) {
        return new ArchCondition<>("not " + what) {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (JavaCodeUnitAccess<?> access : item.getCodeUnitAccessesFromSelf()) {
                    if (forbidden.test(access)) {
                        events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                    }
                }
            }
        };
    }
}
