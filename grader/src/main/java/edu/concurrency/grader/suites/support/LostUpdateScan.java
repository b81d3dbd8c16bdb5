package edu.concurrency.grader.suites.support;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Finds <em>lost updates</em> in compiled classes: a read-modify-write of a shared field
 * ({@code count++}, {@code count += n}, {@code count = count + 1}; see {@link ReadModifyWrites})
 * made without a lock, in code that several threads run. Two threads that read the same value
 * both write their result, and one update is lost. {@code volatile} does not help: it makes each
 * read and each write visible to other threads, not the read, the add and the write one atomic
 * step. This is reported whatever the timing, where a run of the program shows it only when two
 * threads happen to interleave inside the few instructions of the update.
 *
 * <p>Code that several threads run is, for this scan: every lambda body and method reference made
 * into a {@link Runnable}, a {@link java.util.concurrent.Callable} or any other interface except
 * those of {@code java.util.function} and {@link java.util.Comparator} (the code a class hands to
 * the threads it starts, also through an interface of its own; a {@code forEach} or stream lambda
 * runs on the thread that calls it, and counts only when that is thread code; a parallel stream is
 * missed), the {@code run()} of
 * a {@link Runnable} or
 * {@link Thread} and the {@code call()} of a {@link java.util.concurrent.Callable}, the public
 * methods of the classes named as shared (a buffer that producers and consumers call at the same
 * time), and every method reached from those through calls among the scanned classes.
 *
 * <p>Not reported, so that a correct submission is never accused: an update where a lock may be
 * held at both the read and the write (see {@link LockRegions}), or in a private method that is
 * only called under a lock; constructors and static initialisers (the object is not shared yet);
 * fields that are {@code final}, of a {@code java.util.concurrent.atomic} type, or declared in a
 * class that is not scanned; and fields of a {@code Runnable}, {@code Callable} or {@code Thread}
 * class itself, which one thread typically owns (one such object shared by two threads is missed).
 * Which lock is held is not tracked, nor whether two threads really run the code on the same
 * object.
 */
public final class LostUpdateScan {

    /**
     * One read-modify-write of a shared field without a lock.
     *
     * @param className the class whose method updates, simple binary name ({@code ProducerConsumer})
     * @param method    the updating method's name ({@code consume}; a lambda's synthetic name as compiled)
     * @param file      the source file of the updating class ({@code ProducerConsumer.java})
     * @param line      the source line of the write, or -1 if the class has no line numbers
     * @param field     the field updated, as {@code Owner.name} ({@code ProducerConsumer.handled})
     * @param update    how the source likely spells it: {@code handled++}, {@code handled--},
     *                  {@code handled += …}, {@code handled -= …} or {@code handled = …} (from the bytecode)
     * @param isVolatile whether the field is {@code volatile}
     */
    public record LostUpdate(String className, String method, String file, int line, String field, String update,
                             boolean isVolatile) {

        /** {@code ProducerConsumer.java:170}, the way stack traces name a line. */
        public String location() {
            return file + ":" + line;
        }
    }

    private static final String ATOMICS = "Ljava/util/concurrent/atomic/";
    private static final Set<String> THREAD_BODIES = Set.of("java/lang/Runnable", "java/util/concurrent/Callable");

    private final Map<String, ClassNode> classes = new LinkedHashMap<>();
    private final Set<String> shared;
    private final Predicate<String> isLock;

    private LostUpdateScan(List<ClassNode> nodes, Set<String> shared, Predicate<String> isLock) {
        nodes.forEach(node -> classes.put(node.name, node));
        this.shared = shared;
        this.isLock = isLock;
    }

    /**
     * Scans the class files of one package under a class directory.
     *
     * @param classesDir    the root of the compiled classes (the submission's class directory)
     * @param packageName   the package, e.g. {@code edu.concurrency.queue}; subpackages are included
     * @param sharedClasses the binary names of the classes whose public methods several threads call
     *                      at the same time ({@code edu.concurrency.queue.BoundedBuffer})
     * @return every read-modify-write of a shared field without a lock, by file and line
     * @throws UncheckedIOException if a class file cannot be read
     */
    public static List<LostUpdate> scan(Path classesDir, String packageName, Set<String> sharedClasses) {
        return scan(ClassFiles.inPackage(classesDir, packageName), sharedClasses);
    }

    /**
     * Scans the given class files together (calls between them count, see the class comment).
     *
     * @param classFiles    the class files' bytes
     * @param sharedClasses the binary names of the classes whose public methods several threads call
     *                      at the same time
     * @return every read-modify-write of a shared field without a lock, by file and line
     */
    public static List<LostUpdate> scan(List<byte[]> classFiles, Set<String> sharedClasses) {
        Set<String> internal = new LinkedHashSet<>();
        sharedClasses.forEach(name -> internal.add(name.replace('.', '/')));
        return new LostUpdateScan(ClassFiles.parse(classFiles), internal, LockRegions::isLockClass).find();
    }

    private List<LostUpdate> find() {
        CallGraph calls = CallGraph.of(classes, isLock);
        Set<MethodRef> calledLocked = calls.calledUnderLock();
        Set<MethodRef> concurrent = calls.reachableFrom(roots(calls));
        List<LostUpdate> found = new ArrayList<>();
        for (ClassNode node : classes.values()) {
            for (MethodNode method : node.methods) {
                MethodRef self = new MethodRef(node.name, method.name, method.desc);
                if (self.isInitializer() || !concurrent.contains(self) || calledLocked.contains(self)) {
                    continue;
                }
                List<ReadModifyWrites.Update> updates = ReadModifyWrites.in(node.name, method);
                if (updates.isEmpty()) {
                    continue;
                }
                LockRegions regions = LockRegions.of(method, isLock);
                for (ReadModifyWrites.Update update : updates) {
                    Optional<FieldNode> field = sharedField(update.write());
                    boolean locked = regions.locked(update.read()) && regions.locked(update.write());
                    if (field.isPresent() && !locked) {
                        found.add(lostUpdate(node, method, update, field.get()));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(LostUpdate::file).thenComparingInt(LostUpdate::line));
        return List.copyOf(found);
    }

    /** Lambda bodies and method references, thread bodies, and the public methods of the shared classes. */
    private Set<MethodRef> roots(CallGraph calls) {
        Set<MethodRef> roots = new LinkedHashSet<>(calls.referencedAs(LostUpdateScan::mayRunOnAnotherThread));
        for (ClassNode node : classes.values()) {
            for (MethodNode method : node.methods) {
                MethodRef ref = new MethodRef(node.name, method.name, method.desc);
                boolean body = isThreadBody(node) && (ref.name().equals("run") && ref.descriptor().equals("()V")
                        || ref.name().equals("call") && ref.descriptor().startsWith("()"));
                boolean sharedApi = shared.contains(node.name) && (method.access & Opcodes.ACC_PUBLIC) != 0;
                if (!ref.isInitializer() && (body || sharedApi)) {
                    roots.add(ref);
                }
            }
        }
        return roots;
    }

    /**
     * Whether a lambda made into this functional interface (internal name) may be run by another
     * thread: all but {@code java.util.function} and {@code Comparator}, which the JDK calls on the
     * calling thread ({@code forEach}, streams, sorting).
     */
    private static boolean mayRunOnAnotherThread(String functionalInterface) {
        return !functionalInterface.startsWith("java/util/function/") && !functionalInterface.equals("java/util/Comparator");
    }

    /** Whether the class implements Runnable or Callable, or extends Thread, directly. */
    private static boolean isThreadBody(ClassNode node) {
        return "java/lang/Thread".equals(node.superName) || node.interfaces.stream().anyMatch(THREAD_BODIES::contains);
    }

    /**
     * The written field's declaration, if it is one that threads share and that can lose an
     * update: declared in a scanned class that is no thread body, not final, not an atomic.
     */
    private Optional<FieldNode> sharedField(FieldInsnNode write) {
        ClassNode owner = classes.get(write.owner);
        if (owner == null || isThreadBody(owner) || write.desc.startsWith(ATOMICS)) {
            return Optional.empty();
        }
        return owner.fields.stream()
                .filter(f -> f.name.equals(write.name) && (f.access & Opcodes.ACC_FINAL) == 0)
                .findFirst();
    }

    private static LostUpdate lostUpdate(ClassNode node, MethodNode method, ReadModifyWrites.Update update,
                                         FieldNode field) {
        String file = node.sourceFile == null ? simpleName(node.name) + ".class" : node.sourceFile;
        String name = field.name;
        String spelled = switch (update.shape()) {
            case "++", "--" -> name + update.shape();
            case "+=", "-=" -> name + " " + update.shape() + " …";
            default -> name + " = … " + name + " …";
        };
        return new LostUpdate(simpleName(node.name), method.name, file, lineOf(update.write()),
                simpleName(update.write().owner) + "." + name, spelled, (field.access & Opcodes.ACC_VOLATILE) != 0);
    }

    /** The line of the nearest line number before the instruction, or -1. */
    private static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode p = insn; p != null; p = p.getPrevious()) {
            if (p instanceof LineNumberNode number) {
                return number.line;
            }
        }
        return -1;
    }

    /** {@code edu/concurrency/queue/ProducerConsumer} to {@code ProducerConsumer}. */
    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
