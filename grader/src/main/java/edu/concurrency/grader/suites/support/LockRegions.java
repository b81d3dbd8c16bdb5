package edu.concurrency.grader.suites.support;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * How many locks a method holds at each of its bytecode instructions, from its own code: the
 * {@code synchronized} flag counts as one lock held from entry to return, {@code MONITORENTER}
 * and {@code MONITOREXIT} (a {@code synchronized} block) add and remove one, and so do
 * {@code lock()}, {@code lockInterruptibly()} and {@code tryLock(...)} and {@code unlock()} called
 * on a {@link Lock}.
 *
 * <p>The count is a data-flow fixed point over the method's control-flow graph (jumps, switches,
 * fall-through, and every exception handler from every instruction it covers). Where paths join,
 * the larger count wins, and {@code tryLock} counts as acquired whether or not it succeeded: an
 * instruction counts as unlocked only when no path reaches it holding a lock. This keeps a correct
 * submission from being accused (a read after {@code if (lock.tryLock())} is not reported), at the
 * price of missing a read that is locked on one path and unlocked on another. Which lock is held is
 * not tracked.
 */
public final class LockRegions {

    /** Counts above this stop growing (a {@code lock()} in a loop must not grow it for ever). */
    private static final int MAX_DEPTH = 8;

    private final int[] depth;
    private final InsnList instructions;

    private LockRegions(InsnList instructions, int[] depth) {
        this.instructions = instructions;
        this.depth = depth;
    }

    /**
     * Computes the lock count of every instruction of {@code method}.
     *
     * @param method a method with code, as ASM's tree API reads it
     * @param isLock whether a class, given by its internal name ({@code java/util/concurrent/locks/ReentrantLock}),
     *               is a {@link Lock}
     * @return the lock counts
     */
    public static LockRegions of(MethodNode method, Predicate<String> isLock) {
        InsnList code = method.instructions;
        int[] depth = new int[code.size()];
        Arrays.fill(depth, -1);
        if (code.size() == 0) {
            return new LockRegions(code, depth);
        }
        Deque<Integer> work = new ArrayDeque<>();
        int entry = (method.access & Opcodes.ACC_SYNCHRONIZED) != 0 ? 1 : 0;
        depth[0] = entry;
        work.push(0);
        while (!work.isEmpty()) {
            int index = work.pop();
            AbstractInsnNode insn = code.get(index);
            int before = depth[index];
            int after = Math.max(0, Math.min(MAX_DEPTH, before + change(insn, isLock)));
            for (TryCatchBlockNode handler : method.tryCatchBlocks) {
                if (code.indexOf(handler.start) <= index && index < code.indexOf(handler.end)) {
                    // The instruction may throw before its effect (a MONITOREXIT covered by its own handler).
                    merge(depth, work, code.indexOf(handler.handler), Math.max(before, after));
                }
            }
            for (int next : successors(code, insn, index)) {
                merge(depth, work, next, after);
            }
        }
        return new LockRegions(code, depth);
    }

    /**
     * Whether any lock may be held when {@code insn} runs.
     *
     * @param insn an instruction of the method
     * @return true if some path reaches it holding a lock; false if it is unreachable or no path does
     */
    public boolean locked(AbstractInsnNode insn) {
        return depth[instructions.indexOf(insn)] > 0;
    }

    /**
     * A value read in one critical section and used after the lock was released and taken again:
     * the action then rests on a check made under a lock that was given up in between (a split
     * critical section, the shape of a check-then-act race).
     *
     * @param storeLine  the line where the value is stored to a local variable, holding the lock
     * @param relockLine the line where the lock is taken again
     * @param useLine    the line where the stored value is used after that
     */
    public record SplitSection(int storeLine, int relockLine, int useLine) {
    }

    /**
     * Finds the first {@link SplitSection} of a method, in code order: a local variable stored
     * while a lock is held, then a lock taken again from no lock held, then that variable loaded.
     * Code order stands in for control flow, which fits straight-line methods such as a
     * non-blocking {@code poll}; a loop that stores and re-locks is not judged.
     *
     * @param method a method with code and line numbers
     * @return the split, or empty if the method keeps every value it reads under a lock inside
     *     that critical section
     */
    public static Optional<SplitSection> splitSection(MethodNode method) {
        LockRegions regions = of(method, LockRegions::isLockClass);
        Map<Integer, Integer> storedAt = new HashMap<>(); // slot -> line, stored under a lock
        Map<Integer, Integer> staleSince = new HashMap<>(); // slot -> line of the re-lock
        int line = -1;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode number) {
                line = number.line;
                continue;
            }
            int index = method.instructions.indexOf(insn);
            boolean held = regions.depth[index] > 0;
            if (!held && change(insn, LockRegions::isLockClass) > 0) {
                for (Integer slot : storedAt.keySet()) {
                    staleSince.putIfAbsent(slot, line);
                }
            } else if (insn instanceof VarInsnNode var) {
                boolean store = var.getOpcode() >= Opcodes.ISTORE && var.getOpcode() <= Opcodes.ASTORE;
                if (store) {
                    staleSince.remove(var.var);
                    if (held) {
                        storedAt.put(var.var, line);
                    } else {
                        storedAt.remove(var.var);
                    }
                } else if (staleSince.containsKey(var.var)) {
                    return Optional.of(new SplitSection(storedAt.get(var.var), staleSince.get(var.var), line));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the class of this internal name ({@code java/util/concurrent/locks/ReentrantLock})
     * implements {@link Lock}, decided by loading it with the grader's class loader without
     * initialising it.
     *
     * @param internalName a class name as the bytecode writes it
     * @return true if it is a Lock; false if not, or if it cannot be loaded
     */
    public static boolean isLockClass(String internalName) {
        try {
            Class<?> type = Class.forName(internalName.replace('/', '.'), false, LockRegions.class.getClassLoader());
            return Lock.class.isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void merge(int[] depth, Deque<Integer> work, int index, int value) {
        if (value > depth[index]) {
            depth[index] = value;
            work.push(index);
        }
    }

    private static int change(AbstractInsnNode insn, Predicate<String> isLock) {
        return switch (insn.getOpcode()) {
            case Opcodes.MONITORENTER -> 1;
            case Opcodes.MONITOREXIT -> -1;
            case Opcodes.INVOKEINTERFACE, Opcodes.INVOKEVIRTUAL -> {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (!isLock.test(call.owner)) {
                    yield 0;
                }
                yield switch (call.name) {
                    case "lock", "lockInterruptibly", "tryLock" -> 1;
                    case "unlock" -> -1;
                    default -> 0;
                };
            }
            default -> 0;
        };
    }

    private static int[] successors(InsnList code, AbstractInsnNode insn, int index) {
        int next = index + 1 < code.size() ? index + 1 : -1;
        int opcode = insn.getOpcode();
        if (insn instanceof JumpInsnNode jump) {
            int target = code.indexOf(jump.label);
            return opcode == Opcodes.GOTO || next < 0 ? new int[] {target} : new int[] {target, next};
        }
        if (insn instanceof TableSwitchInsnNode table) {
            return targets(code, table.dflt, table.labels.toArray(LabelNode[]::new));
        }
        if (insn instanceof LookupSwitchInsnNode lookup) {
            return targets(code, lookup.dflt, lookup.labels.toArray(LabelNode[]::new));
        }
        boolean ends = opcode == Opcodes.ATHROW || (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN);
        return ends || next < 0 ? new int[0] : new int[] {next};
    }

    private static int[] targets(InsnList code, LabelNode dflt, LabelNode[] labels) {
        int[] targets = new int[labels.length + 1];
        targets[0] = code.indexOf(dflt);
        for (int i = 0; i < labels.length; i++) {
            targets[i + 1] = code.indexOf(labels[i]);
        }
        return targets;
    }
}
