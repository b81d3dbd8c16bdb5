package edu.concurrency.grader.suites.webclient;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import edu.concurrency.grader.suites.support.GradingEnvironment;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two architecture criteria over the submission's bytecode.
 *
 * <p>{@code webclient.arch.no-blocking-calls}: no method of the submission reaches a blocking
 * call, directly, inside a lambda or through its own helpers (see {@link BlockingCallGraph} for
 * the list, and why {@code join}, {@code get} and {@code Lock.lock} are not in it). The feedback
 * shows, for every blocking call, the chain of calls from a public method to it, with file:line.
 *
 * <p>{@code webclient.arch.no-completion-under-lock}: no future is completed while a
 * {@code synchronized} monitor or a {@code java.util.concurrent.locks} lock is held (see
 * {@link LockedCompletionScan}); both are allowed for a short critical section over a few fields.
 */
class ArchitectureSuite {

    /** At most this many chains are shown; the count says how many there are. */
    private static final int SHOWN = 8;

    /**
     * The submission's classes, without resolving the JDK classes they use from the class path
     * (that took 2.5 s of the criterion's 3 s under load; {@link BlockingCallGraph} looks up JDK
     * hierarchies by reflection instead). The walk never leaves the submission's classes anyway.
     */
    private static JavaClasses importSubmission() {
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            return new ClassFileImporter()
                    .importPath(GradingEnvironment.current().requireSubmissionClasses())
                    .that(JavaClass.Predicates.resideInAPackage(WebClientHarness.PACKAGE + ".."));
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    @Test
    @DisplayName("no method of edu.concurrency.webclient reaches a call that always waits (sleep, send, wait, latches, ...)")
    void noMethodReachesABlockingCall() {
        JavaClasses classes = importSubmission();
        List<BlockingCallGraph.Violation> violations = new BlockingCallGraph(classes).violations();
        if (violations.isEmpty()) {
            return;
        }
        String chains = violations.stream().limit(SHOWN).map(BlockingCallGraph.Violation::describe)
                .collect(Collectors.joining(System.lineSeparator()));
        throw new AssertionError("Blocking an event loop: " + violations.size() + " blocking call"
                + (violations.size() == 1 ? " is" : "s are") + " reachable from the web client's code ("
                + violations.stream().map(BlockingCallGraph.Violation::what).distinct().collect(Collectors.joining(", "))
                + "). Callbacks and public methods run on the few threads that serve every request; a blocked one stalls"
                + " them all. Compose futures instead (thenCompose, thenCombine, allOf, exceptionallyCompose) and wait"
                + " with timers (CompletableFuture.delayedExecutor, orTimeout), never with sleep, send, latches or"
                + " blocking queues (join or get of a future that is already done, e.g. after allOf, is fine)."
                + System.lineSeparator() + chains
                + (violations.size() > SHOWN ? System.lineSeparator() + "... and " + (violations.size() - SHOWN) + " more" : ""));
    }

    @Test
    @DisplayName("no future of edu.concurrency.webclient is completed while a synchronized monitor or a lock is held")
    void noFutureIsCompletedUnderALock() {
        List<LockedCompletionScan.Finding> findings = LockedCompletionScan.scan(
                GradingEnvironment.current().requireSubmissionClasses(), WebClientHarness.PACKAGE);
        if (findings.isEmpty()) {
            return;
        }
        LockedCompletionScan.Finding first = findings.get(0);
        throw new AssertionError("Foreign code under a lock (deadlock hazard): " + first.method() + " completes a future"
                + " (or calls a task) while it holds " + first.lock() + " (" + first.file() + ":" + first.line() + "). Completing a future runs"
                + " its callbacks on the spot, so code you do not control (the caller's thenRun, another request's"
                + " next step) runs inside your critical section; if it takes another lock or waits for a thread that"
                + " needs this one, the threads deadlock. Expected: update the fields under the lock (synchronized or"
                + " ReentrantLock alike), remember the futures to complete, and complete them after unlocking."
                + System.lineSeparator() + findings.stream().limit(SHOWN).map(LockedCompletionScan.Finding::describe)
                        .collect(Collectors.joining(System.lineSeparator())));
    }
}
