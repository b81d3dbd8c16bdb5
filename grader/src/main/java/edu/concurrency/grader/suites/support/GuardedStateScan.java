package edu.concurrency.grader.suites.support;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Finds reads of <em>guarded state</em> without its lock, in compiled classes: a field that some
 * method writes while holding a lock (in a {@code synchronized} method or block, or between
 * {@code lock()} and {@code unlock()} of a {@link Lock}), that is neither {@code volatile} nor
 * {@code final}, and that another method reads while holding no lock at all. Such a read has no
 * happens-before edge to the writes: it is a data race, and the reader may see a stale value
 * (for ever, once the JIT keeps the value in a register) or a state no other thread ever saw.
 *
 * <p>Where a method holds locks comes from {@link LockRegions}. A private method counts as called
 * under a lock when every call of it in the scanned classes is made while holding a lock, from a
 * constructor, or from another such method (the usual {@code enqueue} helper of a
 * {@code synchronized put}); a method referenced by a lambda or method reference never does.
 * Constructors and static initialisers are exempt: before the object is shared, no other thread
 * can write its fields. Which lock guards a field is not tracked, so a read under a different
 * lock than the writes is not reported.
 */
public final class GuardedStateScan {

    /**
     * One read of guarded state without a lock.
     *
     * @param className  the class whose method reads, simple binary name ({@code BoundedBuffer})
     * @param method     the reading method's name ({@code size}; a lambda's synthetic name as compiled)
     * @param file       the source file of the reading class ({@code BoundedBuffer.java})
     * @param line       the source line of the read, or -1 if the class has no line numbers
     * @param field      the field read, as {@code Owner.name}
     * @param writer     where a locked write of the field is, e.g. {@code put (BoundedBuffer.java:45)}
     */
    public record UnguardedRead(String className, String method, String file, int line, String field,
                                String writer) {

        /** {@code BoundedBuffer.java:52}, the way stack traces name a line. */
        public String location() {
            return file + ":" + line;
        }
    }

    /** Where a method's field access is, and whether a lock is held there. */
    private record Site(MethodRef in, String file, int line, boolean locked) {
    }

    private final Map<String, ClassNode> classes = new LinkedHashMap<>();
    private final Predicate<String> isLock;

    private GuardedStateScan(List<ClassNode> nodes, Predicate<String> isLock) {
        nodes.forEach(node -> classes.put(node.name, node));
        this.isLock = isLock;
    }

    /**
     * Scans the class files of one package under a class directory.
     *
     * @param classesDir  the root of the compiled classes (the submission's class directory)
     * @param packageName the package, e.g. {@code edu.concurrency.queue}; subpackages are included
     * @return every read of guarded state without its lock, by class, line and field
     * @throws UncheckedIOException if a class file cannot be read
     */
    public static List<UnguardedRead> scan(Path classesDir, String packageName) {
        return scan(ClassFiles.inPackage(classesDir, packageName));
    }

    /**
     * Scans the given class files together (calls between them count, see the class comment).
     * A class is a {@link Lock} as {@link LockRegions#isLockClass} decides.
     *
     * @param classFiles the class files' bytes
     * @return every read of guarded state without its lock, by class, line and field
     */
    public static List<UnguardedRead> scan(List<byte[]> classFiles) {
        return new GuardedStateScan(ClassFiles.parse(classFiles), LockRegions::isLockClass).find();
    }

    private List<UnguardedRead> find() {
        Map<String, List<Site>> reads = new LinkedHashMap<>();
        Map<String, List<Site>> writes = new HashMap<>();
        for (ClassNode node : classes.values()) {
            for (MethodNode method : node.methods) {
                if (method.instructions.size() > 0) {
                    collect(node, method, reads, writes);
                }
            }
        }
        Set<MethodRef> calledLocked = CallGraph.of(classes, isLock).calledUnderLock();
        List<UnguardedRead> found = new ArrayList<>();
        for (Map.Entry<String, List<Site>> entry : reads.entrySet()) {
            String field = entry.getKey();
            Optional<Site> lockedWrite = writes.getOrDefault(field, List.of()).stream()
                    .filter(w -> !w.in().isInitializer() && (w.locked() || calledLocked.contains(w.in())))
                    .findFirst();
            if (lockedWrite.isEmpty() || !isPlainField(field)) {
                continue;
            }
            Site w = lockedWrite.get();
            String writer = w.in().name() + " (" + w.file() + ":" + w.line() + ")";
            for (Site read : entry.getValue()) {
                if (!read.locked() && !calledLocked.contains(read.in()) && !read.in().isInitializer()) {
                    found.add(new UnguardedRead(simpleName(read.in().owner()), read.in().name(), read.file(),
                            read.line(), simpleName(field), writer));
                }
            }
        }
        found.sort(Comparator.comparing(UnguardedRead::file).thenComparingInt(UnguardedRead::line));
        return List.copyOf(found);
    }

    /** Records the field accesses of one method, each with its line and lock state. */
    private void collect(ClassNode node, MethodNode method, Map<String, List<Site>> reads,
                         Map<String, List<Site>> writes) {
        MethodRef self = new MethodRef(node.name, method.name, method.desc);
        LockRegions regions = LockRegions.of(method, isLock);
        String file = node.sourceFile == null ? simpleName(node.name) + ".class" : node.sourceFile;
        int line = -1;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode number) {
                line = number.line;
            } else if (insn instanceof FieldInsnNode access && classes.containsKey(access.owner)) {
                Site site = new Site(self, file, line, regions.locked(insn));
                String field = access.owner + "." + access.name;
                boolean write = access.getOpcode() == Opcodes.PUTFIELD || access.getOpcode() == Opcodes.PUTSTATIC;
                (write ? writes : reads).computeIfAbsent(field, f -> new ArrayList<>()).add(site);
            }
        }
    }

    /** Whether the field (Owner.name) is declared in a scanned class, neither volatile nor final. */
    private boolean isPlainField(String field) {
        int dot = field.lastIndexOf('.');
        ClassNode owner = classes.get(field.substring(0, dot));
        String name = field.substring(dot + 1);
        for (FieldNode f : owner.fields) {
            if (f.name.equals(name)) {
                return (f.access & (Opcodes.ACC_VOLATILE | Opcodes.ACC_FINAL)) == 0;
            }
        }
        return false; // inherited from a class not scanned: not judged
    }

    /** {@code edu/concurrency/queue/BoundedBuffer$Node.next} to {@code BoundedBuffer$Node.next}. */
    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
