package edu.concurrency.grader.suites.webclient;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.properties.HasName;
import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.stream.Collectors;

/**
 * Walks the call graph of the submission's classes with ArchUnit and finds every blocking call
 * its methods reach: directly, inside a lambda (ArchUnit 1.4+ counts a call in a lambda as a call
 * of the enclosing method), through a method reference ({@code CountDownLatch::await}), or
 * through the submission's own helpers (calls and method references into the submission's
 * classes are followed, including overriding methods of the submission's own types; calls into
 * the JDK or libraries are not).
 *
 * <p>The blocking calls (see {@link #blockingCall}) are the calls that always wait for another
 * thread, a timer or the network: {@link Thread#sleep} and {@link Thread#join},
 * {@link Object#wait}, {@link HttpClient#send}, {@code await} of {@link CountDownLatch},
 * {@link CyclicBarrier} and {@link Condition}, {@link Semaphore#acquire}, {@code put} and
 * {@code take} of {@link BlockingQueue}, {@code read} of {@link InputStream} and {@link Reader}
 * (except in-memory ones), {@link Process#waitFor}, the timed forms of these (a
 * {@code tryAcquire}, {@code offer} or {@code poll} with a timeout), and
 * {@link ExecutorService#awaitTermination}, {@code invokeAll}, {@code invokeAny}.
 *
 * <p>Two kinds of calls are deliberately <em>not</em> in the list, because whether they wait is a
 * run-time fact that a call graph cannot decide:
 * <ul>
 *   <li>{@code join} and {@code get} of {@link CompletableFuture}, {@link Future} and
 *       {@link ForkJoinTask}: they wait only while the future is not done, and the most common
 *       idiom of asynchronous Java reads results with them once they are done
 *       ({@code allOf(parts).thenApply(v -> parts.map(CompletableFuture::join))}, or inside
 *       {@code thenCombine} and {@code thenCompose} over the same futures). Proving a future done
 *       at the call needs data flow over futures (fields, collections, aliases), which this walk
 *       does not have. A {@code join} or {@code get} that really waits is judged where it waits:
 *       in a callback or a task by {@link CallbackSampler} (criterion
 *       {@code webclient.arch.callbacks-never-block}), in a public method by the 50 ms limit of
 *       {@code webclient.perf.returns-fast} and by every correctness check that calls it.</li>
 *   <li>{@link Lock#lock} and {@code lockInterruptibly} (and a timed {@code tryLock}): a short
 *       critical section over a few fields is allowed with a lock exactly as with
 *       {@code synchronized}, whose monitor entry is not a method call at all. What is not allowed
 *       with either is completing a future while holding it; {@link LockedCompletionScan} checks
 *       that statically, and {@code LimiterSuite} at run time.</li>
 * </ul>
 * Their waiting counterparts stay in the list: {@link Condition#await} like {@link Object#wait}.
 */
final class BlockingCallGraph {

    /**
     * One blocking call the submission reaches.
     *
     * @param chain the chain of calls from an entry point (a public method, or the method itself
     *              if no public method reaches it) to the blocking call, one line per step with
     *              file:line
     * @param what  the blocking call, for example {@code Thread.sleep(long)}
     * @param entry the method the chain starts at, for example {@code AsyncWebClient.totalPrice()}
     */
    record Violation(String entry, String what, List<String> chain) {
        /** @return the violation as feedback lines */
        String describe() {
            return entry + " reaches " + what + ":" + System.lineSeparator() + "    "
                    + String.join(System.lineSeparator() + "    ", chain);
        }
    }

    /** A call or method reference from one code unit of the submission. */
    private record Edge(JavaCodeUnit from, JavaAccess<?> access, List<JavaCodeUnit> targets, String blocking) {
    }

    private final Set<JavaClass> submission;
    private final Map<JavaCodeUnit, List<Edge>> edges = new LinkedHashMap<>();

    /** @param classes the submission's classes (the walk never leaves them) */
    BlockingCallGraph(JavaClasses classes) {
        this.submission = new LinkedHashSet<>();
        classes.forEach(submission::add);
        for (JavaClass c : submission) {
            for (JavaCodeUnit unit : c.getCodeUnits()) {
                List<JavaAccess<?>> accesses = new ArrayList<>();
                accesses.addAll(unit.getMethodCallsFromSelf());
                accesses.addAll(unit.getConstructorCallsFromSelf());
                accesses.addAll(unit.getMethodReferencesFromSelf());
                accesses.addAll(unit.getConstructorReferencesFromSelf());
                accesses.sort(Comparator.comparingInt(JavaAccess::getLineNumber));
                List<Edge> out = new ArrayList<>();
                for (JavaAccess<?> access : accesses) {
                    String blocking = blockingCall(access);
                    List<JavaCodeUnit> targets = blocking == null ? targetsInSubmission(access) : List.of();
                    if (blocking != null || !targets.isEmpty()) {
                        out.add(new Edge(unit, access, targets, blocking));
                    }
                }
                edges.put(unit, out);
            }
        }
    }

    /**
     * Every blocking call site reached, each with the shortest chain from an entry point.
     *
     * @return the violations, ordered by entry point and line
     */
    List<Violation> violations() {
        Map<JavaCodeUnit, Edge> parent = new HashMap<>();
        Set<JavaCodeUnit> seen = new LinkedHashSet<>();
        List<JavaCodeUnit> roots = new ArrayList<>();
        edges.keySet().stream().filter(this::isEntryPoint).forEach(roots::add);
        edges.keySet().stream().filter(u -> !isEntryPoint(u)).forEach(roots::add);
        for (JavaCodeUnit root : roots) {
            if (!seen.add(root)) {
                continue;
            }
            Deque<JavaCodeUnit> queue = new ArrayDeque<>(List.of(root));
            while (!queue.isEmpty()) {
                JavaCodeUnit unit = queue.removeFirst();
                for (Edge edge : edges.getOrDefault(unit, List.of())) {
                    for (JavaCodeUnit target : edge.targets()) {
                        if (seen.add(target)) {
                            parent.put(target, edge);
                            queue.addLast(target);
                        }
                    }
                }
            }
        }
        List<Violation> violations = new ArrayList<>();
        for (List<Edge> out : edges.values()) {
            for (Edge edge : out) {
                if (edge.blocking() == null) {
                    continue;
                }
                List<Edge> path = new ArrayList<>();
                path.add(edge);
                Set<JavaCodeUnit> onPath = new LinkedHashSet<>(List.of(edge.from()));
                for (Edge up = parent.get(edge.from()); up != null && onPath.add(up.from()); up = parent.get(up.from())) {
                    path.add(0, up);
                }
                JavaCodeUnit entry = path.get(0).from();
                List<String> chain = new ArrayList<>();
                chain.add(name(entry) + " (" + file(entry) + ":" + entry.getSourceCodeLocation().getLineNumber() + ")");
                for (Edge step : path) {
                    String callee = step.blocking() != null ? step.blocking() : name(step.targets().get(0));
                    chain.add("-> " + (isReference(step.access()) ? "refers to " : "calls ") + callee + " ("
                            + file(step.from()) + ":" + step.access().getLineNumber() + ")");
                }
                violations.add(new Violation(name(entry), edge.blocking(), chain));
            }
        }
        return violations;
    }

    private boolean isEntryPoint(JavaCodeUnit unit) {
        return unit.getModifiers().contains(JavaModifier.PUBLIC)
                && unit.getOwner().getModifiers().contains(JavaModifier.PUBLIC);
    }

    /** The code units of the submission a call or reference may run (the target and its overrides). */
    private List<JavaCodeUnit> targetsInSubmission(JavaAccess<?> access) {
        JavaClass owner = access.getTargetOwner();
        if (!submission.contains(owner) && submission.stream().noneMatch(c -> c.isAssignableTo(owner.getName()))) {
            return List.of();
        }
        String name = access.getTarget().getName();
        List<String> parameters = parameterNames(access);
        List<JavaCodeUnit> targets = new ArrayList<>();
        for (JavaClass c : submission) {
            if (!c.equals(owner) && !c.isAssignableTo(owner.getName())) {
                continue;
            }
            for (JavaCodeUnit unit : c.getCodeUnits()) {
                if (unit.getName().equals(name) && parameterNames(unit).equals(parameters)) {
                    targets.add(unit);
                }
            }
        }
        return targets;
    }

    private static List<String> parameterNames(JavaAccess<?> access) {
        Object target = access.getTarget();
        if (target instanceof com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget codeUnit) {
            return codeUnit.getRawParameterTypes().stream().map(JavaClass::getName).toList();
        }
        return List.of();
    }

    private static List<String> parameterNames(JavaCodeUnit unit) {
        return unit.getRawParameterTypes().stream().map(JavaClass::getName).toList();
    }

    /**
     * Whether a call or reference is one of the blocking calls.
     *
     * @return the blocking call as {@code Type.method()} for feedback, or null
     */
    static String blockingCall(JavaAccess<?> access) {
        if (!(access.getTarget() instanceof com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget target)) {
            return null;
        }
        JavaClass owner = access.getTargetOwner();
        String name = target.getName();
        List<String> params = target.getRawParameterTypes().stream().map(JavaClass::getName).toList();
        boolean timed = params.contains(TimeUnit.class.getName()) || params.contains(java.time.Duration.class.getName());
        String label = owner.getSimpleName() + "." + name + "(" + params.stream()
                .map(p -> p.substring(p.lastIndexOf('.') + 1)).collect(Collectors.joining(", ")) + ")";
        boolean blocking = switch (name) {
            // join and get of futures wait only while the future is not done: judged at run time (see the class comment)
            case "join" -> is(owner, Thread.class);
            case "sleep" -> is(owner, Thread.class);
            case "wait" -> params.isEmpty() || params.equals(List.of("long")) || params.equals(List.of("long", "int"));
            case "send" -> is(owner, HttpClient.class);
            case "await" -> is(owner, CountDownLatch.class) || is(owner, CyclicBarrier.class) || is(owner, Condition.class);
            case "awaitNanos", "awaitUninterruptibly", "awaitUntil" -> is(owner, Condition.class);
            case "acquire", "acquireUninterruptibly" -> is(owner, Semaphore.class);
            case "tryAcquire" -> is(owner, Semaphore.class) && timed;
            case "put", "take", "putFirst", "putLast", "takeFirst", "takeLast" -> is(owner, BlockingQueue.class);
            case "offer", "poll", "offerFirst", "offerLast", "pollFirst", "pollLast" -> is(owner, BlockingQueue.class) && timed;
            case "waitFor" -> is(owner, Process.class);
            case "awaitTermination", "invokeAll", "invokeAny" -> is(owner, ExecutorService.class);
            default -> false;
        };
        if (!blocking && name.startsWith("read")) {
            blocking = (is(owner, InputStream.class) && !is(owner, ByteArrayInputStream.class))
                    || (is(owner, Reader.class) && !is(owner, StringReader.class) && !is(owner, CharArrayReader.class));
        }
        return blocking ? label : null;
    }

    /**
     * Whether {@code owner} is {@code type} or a subtype. The import does not resolve JDK classes
     * (that took 2.5 s), so their hierarchy is looked up by reflection, without initialising them.
     */
    private static boolean is(JavaClass owner, Class<?> type) {
        if (owner.isAssignableTo(type)) {
            return true;
        }
        try {
            return type.isAssignableFrom(Class.forName(owner.getName(), false, BlockingCallGraph.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isReference(JavaAccess<?> access) {
        return access instanceof com.tngtech.archunit.core.domain.JavaCodeUnitReference<?>;
    }

    private static String name(JavaCodeUnit unit) {
        String owner = unit.getOwner().getName();
        String simple = owner.substring(owner.lastIndexOf('.') + 1);
        String parameters = "(" + unit.getRawParameterTypes().stream().map(HasName::getName)
                .map(p -> p.substring(p.lastIndexOf('.') + 1)).collect(Collectors.joining(", ")) + ")";
        return switch (unit.getName()) {
            case "<init>" -> "new " + simple + parameters;
            case "<clinit>" -> simple + " static initializer";
            default -> simple + "." + unit.getName() + parameters;
        };
    }

    private static String file(JavaCodeUnit unit) {
        return unit.getOwner().getSource().flatMap(s -> s.getFileName()).orElse(unit.getOwner().getSimpleName() + ".java");
    }
}
