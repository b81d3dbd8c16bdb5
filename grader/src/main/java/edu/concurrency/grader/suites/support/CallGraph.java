package edu.concurrency.grader.suites.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The calls between the methods of a set of scanned classes, each with whether the caller holds a
 * lock there ({@link LockRegions}). A method referenced by {@code invokedynamic} (a lambda body or
 * a method reference) counts as called without a lock: it runs later, on whatever thread calls it.
 * Calls are matched by owner, name and descriptor as compiled; dispatch to an override is not
 * modelled.
 */
final class CallGraph {

    /** One call of a method: who calls it, and whether a lock may be held at the call. */
    record Call(MethodRef caller, boolean locked) {
    }

    private final Map<String, ClassNode> classes;
    private final Map<MethodRef, List<Call>> callsOf = new HashMap<>();
    private final Map<MethodRef, Set<MethodRef>> calleesOf = new HashMap<>();
    /** Methods referenced by invokedynamic, with the functional interfaces they were made into. */
    private final Map<MethodRef, Set<String>> referenced = new HashMap<>();

    private CallGraph(Map<String, ClassNode> classes) {
        this.classes = classes;
    }

    /**
     * Reads the calls of every method of {@code classes}.
     *
     * @param classes the scanned classes by internal name
     * @param isLock  whether a class (internal name) is a {@link java.util.concurrent.locks.Lock}
     * @return the call graph among these classes (calls to other classes are left out)
     */
    static CallGraph of(Map<String, ClassNode> classes, Predicate<String> isLock) {
        CallGraph graph = new CallGraph(classes);
        for (ClassNode node : classes.values()) {
            for (MethodNode method : node.methods) {
                if (method.instructions.size() > 0) {
                    graph.collect(new MethodRef(node.name, method.name, method.desc), method, isLock);
                }
            }
        }
        return graph;
    }

    private void collect(MethodRef self, MethodNode method, Predicate<String> isLock) {
        LockRegions regions = LockRegions.of(method, isLock);
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode call && classes.containsKey(call.owner)) {
                add(self, new MethodRef(call.owner, call.name, call.desc), regions.locked(insn));
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                for (Object arg : indy.bsmArgs) {
                    if (arg instanceof Handle handle && classes.containsKey(handle.getOwner())) {
                        MethodRef target = new MethodRef(handle.getOwner(), handle.getName(), handle.getDesc());
                        String made = Type.getReturnType(indy.desc).getInternalName();
                        referenced.computeIfAbsent(target, k -> new LinkedHashSet<>()).add(made);
                        add(self, target, false);
                    }
                }
            }
        }
    }

    private void add(MethodRef caller, MethodRef callee, boolean locked) {
        callsOf.computeIfAbsent(callee, k -> new ArrayList<>()).add(new Call(caller, locked));
        calleesOf.computeIfAbsent(caller, k -> new LinkedHashSet<>()).add(callee);
    }

    /**
     * The private methods whose every call holds a lock, is made from a constructor, or from
     * another such method (the usual {@code enqueue} helper of a {@code synchronized put}): a
     * greatest fixed point, so that helpers calling helpers (and recursion) count when all their
     * callers do. A method that is never called, or referenced by a lambda, is not in the set.
     *
     * @return the methods that always run under a lock
     */
    Set<MethodRef> calledUnderLock() {
        Set<MethodRef> locked = new HashSet<>();
        for (ClassNode node : classes.values()) {
            for (MethodNode method : node.methods) {
                MethodRef key = new MethodRef(node.name, method.name, method.desc);
                if ((method.access & Opcodes.ACC_PRIVATE) != 0 && !key.isInitializer() && callsOf.containsKey(key)) {
                    locked.add(key);
                }
            }
        }
        boolean changed = true;
        while (changed) {
            changed = locked.removeIf(method -> callsOf.get(method).stream()
                    .anyMatch(call -> !call.locked() && !locked.contains(call.caller()) && !call.caller().isInitializer()));
        }
        return locked;
    }

    /**
     * The methods referenced by {@code invokedynamic} in the scanned classes (lambda bodies and
     * method references) as an instance of a functional interface that {@code made} accepts.
     *
     * @param made whether a functional interface (internal name, {@code java/lang/Runnable}) counts
     * @return the methods referenced as such an interface at least once
     */
    Set<MethodRef> referencedAs(Predicate<String> made) {
        Set<MethodRef> found = new HashSet<>();
        referenced.forEach((method, interfaces) -> {
            if (interfaces.stream().anyMatch(made)) {
                found.add(method);
            }
        });
        return found;
    }

    /**
     * The methods reachable from {@code roots} through calls and method references among the
     * scanned classes, the roots included.
     *
     * @param roots where to start
     * @return every method reached
     */
    Set<MethodRef> reachableFrom(Collection<MethodRef> roots) {
        Set<MethodRef> reached = new HashSet<>(roots);
        Deque<MethodRef> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            for (MethodRef callee : calleesOf.getOrDefault(work.pop(), Set.of())) {
                if (reached.add(callee)) {
                    work.push(callee);
                }
            }
        }
        return reached;
    }
}
