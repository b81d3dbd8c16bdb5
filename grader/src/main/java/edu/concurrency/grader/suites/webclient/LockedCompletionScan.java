package edu.concurrency.grader.suites.webclient;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;

/**
 * The static half of "no future is completed while a lock is held": finds every call that
 * completes a future ({@code complete}, {@code completeExceptionally}, {@code cancel},
 * {@code obtrudeValue}, {@code obtrudeException} of {@link CompletableFuture}, {@code cancel} of
 * {@link Future}) or calls a {@link java.util.function.Supplier} (the task of
 * {@code AsyncLimiter.run}: foreign code as well) made while the method holds a monitor ({@code synchronized} method or block) or
 * a {@link Lock} ({@code lock()} or {@code lockInterruptibly()} not yet matched by
 * {@code unlock()}), directly or through the submission's own methods. Completing a future runs
 * its callbacks on the spot, so foreign code would run under the lock: a deadlock hazard as soon
 * as a callback takes another lock or waits for a thread that needs this one.
 *
 * <p>{@code synchronized} and {@code java.util.concurrent.locks} are treated alike: a monitor
 * entry and a {@code lock()} call both start a critical section, a monitor exit and an
 * {@code unlock()} both end it. ArchUnit does not see monitor instructions, hence a scan of the
 * bytecode with the ASM that ArchUnit carries.
 *
 * <p>The scan follows each method's instructions in order and takes the lock depth at a jump
 * target from its jumps (and at an exception handler from the start of its protected range), so
 * that the copies of a {@code finally} block that javac places before an early return do not end
 * the critical section for the code after them. It errs towards missing a case rather than
 * inventing one: a {@code tryLock()} in a condition and a lambda created under a lock (it may run
 * later, outside the lock) are not followed. {@code LimiterSuite} checks the same rule at run
 * time.
 */
final class LockedCompletionScan {

    /** Methods that complete a future and so run its callbacks on the calling thread. */
    private static final Set<String> COMPLETING = Set.of("complete", "completeExceptionally", "cancel",
            "obtrudeValue", "obtrudeException");

    /**
     * A future completed while a lock is held.
     *
     * @param method the method that holds the lock, for example {@code AsyncLimiter.release()}
     * @param file   its source file, for example {@code AsyncLimiter.java}
     * @param line   the line of the call made under the lock (the completion itself, or the call of
     *               the submission's method that completes a future)
     * @param lock   how the lock was taken, for example {@code synchronized method} or
     *               {@code ReentrantLock.lock() at line 52}
     * @param chain  the calls from the line under the lock to the completion, e.g.
     *               {@code [handOut() (AsyncLimiter.java:95), CompletableFuture.complete (AsyncLimiter.java:101)]}
     */
    record Finding(String method, String file, int line, String lock, List<String> chain) {
        /** @return the finding as one feedback line */
        String describe() {
            return method + " (" + file + ":" + line + ") holds " + lock + " while it calls "
                    + String.join(" -> ", chain);
        }
    }

    /** A call of interest inside one method. */
    private record Call(String owner, String name, String descriptor, int line, boolean underLock, String lock) {
    }

    /** What the scan learned about one method. */
    private record MethodFacts(String owner, String name, String descriptor, String file, List<Call> completions,
                               List<Call> calls) {
    }

    private final String internalPackage;
    private final Map<String, MethodFacts> methods = new LinkedHashMap<>();

    private LockedCompletionScan(String packageName) {
        this.internalPackage = packageName.replace('.', '/') + "/";
    }

    /**
     * Scans the class files of one package.
     *
     * @param classesRoot the root of the compiled classes (the package's directories below it)
     * @param packageName the package whose classes are scanned, for example {@code edu.concurrency.webclient}
     * @return every completion under a lock, in class and line order
     */
    static List<Finding> scan(Path classesRoot, String packageName) {
        LockedCompletionScan scan = new LockedCompletionScan(packageName);
        Path dir = classesRoot.resolve(packageName.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                scan.read(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scan.findings();
    }

    /**
     * Scans class files given as bytes (for tests).
     *
     * @param packageName the package whose methods are followed as the submission's own
     * @param classFiles  the class files
     * @return every completion under a lock
     */
    static List<Finding> scan(String packageName, List<byte[]> classFiles) {
        LockedCompletionScan scan = new LockedCompletionScan(packageName);
        classFiles.forEach(scan::read);
        return scan.findings();
    }

    private void read(byte[] classFile) {
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            private String owner;
            private String file;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                owner = name;
                file = simple(name).replaceAll("\\$.*", "") + ".java";
            }

            @Override
            public void visitSource(String source, String debug) {
                if (source != null) {
                    file = source;
                }
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodFacts facts = new MethodFacts(owner, name, descriptor, file, new ArrayList<>(), new ArrayList<>());
                methods.put(key(owner, name, descriptor), facts);
                return new LockTracker(facts, (access & Opcodes.ACC_SYNCHRONIZED) != 0);
            }
        }, ClassReader.SKIP_FRAMES);
    }

    /** Follows one method's instructions and records the calls of interest with the lock depth. */
    private final class LockTracker extends MethodVisitor {
        private final MethodFacts facts;
        private final Map<Label, Integer> depthAt = new HashMap<>();
        private final Map<Label, List<Label>> handlersByStart = new HashMap<>();
        private int depth;
        private String lock;
        private boolean reachable = true;
        private int line;

        LockTracker(MethodFacts facts, boolean synchronizedMethod) {
            super(Opcodes.ASM9);
            this.facts = facts;
            this.depth = synchronizedMethod ? 1 : 0;
            this.lock = synchronizedMethod ? "the monitor of this synchronized method" : null;
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            handlersByStart.computeIfAbsent(start, s -> new ArrayList<>()).add(handler);
        }

        @Override
        public void visitLabel(Label label) {
            Integer incoming = depthAt.get(label);
            if (!reachable) {
                depth = incoming == null ? 0 : incoming;
            } else if (incoming != null) {
                depth = Math.max(depth, incoming);
            }
            reachable = true;
            for (Label handler : handlersByStart.getOrDefault(label, List.of())) {
                depthAt.merge(handler, depth, Math::max);
            }
        }

        @Override
        public void visitLineNumber(int number, Label start) {
            line = number;
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            depthAt.merge(label, depth, Math::max);
            if (opcode == Opcodes.GOTO) {
                reachable = false;
            }
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            jumpAll(dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            jumpAll(dflt, labels);
        }

        private void jumpAll(Label dflt, Label[] labels) {
            depthAt.merge(dflt, depth, Math::max);
            for (Label l : labels) {
                depthAt.merge(l, depth, Math::max);
            }
            reachable = false;
        }

        @Override
        public void visitInsn(int opcode) {
            switch (opcode) {
                case Opcodes.MONITORENTER -> acquire("a synchronized block (line " + line + ")");
                case Opcodes.MONITOREXIT -> depth = Math.max(0, depth - 1);
                case Opcodes.ATHROW, Opcodes.RETURN, Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN,
                        Opcodes.DRETURN, Opcodes.ARETURN -> reachable = false;
                default -> {
                }
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (descriptor.equals("()V") && (name.equals("lock") || name.equals("lockInterruptibly")) && isA(owner, Lock.class)) {
                acquire(simple(owner) + "." + name + "() (line " + line + ")");
            } else if (descriptor.equals("()V") && name.equals("unlock") && isA(owner, Lock.class)) {
                depth = Math.max(0, depth - 1);
            } else if (COMPLETING.contains(name) && (isA(owner, CompletableFuture.class)
                    || name.equals("cancel") && isA(owner, Future.class))
                    || name.equals("get") && descriptor.equals("()Ljava/lang/Object;") && owner.equals("java/util/function/Supplier")) {
                facts.completions().add(new Call(owner, name, descriptor, line, depth > 0, lock));
            } else if (owner.startsWith(internalPackage) && owner.indexOf('/', internalPackage.length()) < 0) {
                facts.calls().add(new Call(owner, name, descriptor, line, depth > 0, lock));
            }
        }

        private void acquire(String how) {
            depth++;
            lock = how;
        }
    }

    private List<Finding> findings() {
        // the submission's methods that complete a future, directly or through its other methods
        Map<String, List<String>> completes = new HashMap<>();
        for (MethodFacts m : methods.values()) {
            if (!m.completions().isEmpty()) {
                Call c = m.completions().get(0);
                completes.put(key(m.owner(), m.name(), m.descriptor()),
                        List.of(simple(c.owner()) + "." + c.name() + " (" + m.file() + ":" + c.line() + ")"));
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (MethodFacts m : methods.values()) {
                String self = key(m.owner(), m.name(), m.descriptor());
                if (completes.containsKey(self)) {
                    continue;
                }
                for (Call c : m.calls()) {
                    List<String> tail = completes.get(key(c.owner(), c.name(), c.descriptor()));
                    if (tail != null) {
                        List<String> chain = new ArrayList<>();
                        chain.add(display(c.owner(), c.name(), c.descriptor()) + " (" + m.file() + ":" + c.line() + ")");
                        chain.addAll(tail);
                        completes.put(self, chain);
                        grew = true;
                        break;
                    }
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (MethodFacts m : methods.values()) {
            String method = display(m.owner(), m.name(), m.descriptor());
            for (Call c : m.completions()) {
                if (c.underLock()) {
                    findings.add(new Finding(method, m.file(), c.line(), c.lock(),
                            List.of(simple(c.owner()) + "." + c.name() + " (" + m.file() + ":" + c.line() + ")")));
                }
            }
            for (Call c : m.calls()) {
                List<String> tail = completes.get(key(c.owner(), c.name(), c.descriptor()));
                if (c.underLock() && tail != null) {
                    List<String> chain = new ArrayList<>();
                    chain.add(display(c.owner(), c.name(), c.descriptor()) + " (" + m.file() + ":" + c.line() + ")");
                    chain.addAll(tail);
                    findings.add(new Finding(method, m.file(), c.line(), c.lock(), chain));
                }
            }
        }
        return findings;
    }

    /** Whether the JDK class {@code internalName} is {@code type} or a subtype (looked up without initialising it). */
    private static boolean isA(String internalName, Class<?> type) {
        String name = internalName.replace('/', '.');
        if (name.equals(type.getName())) {
            return true;
        }
        if (!name.startsWith("java.")) {
            return false; // the submission's own subclasses of CompletableFuture or Lock are not followed
        }
        try {
            return type.isAssignableFrom(Class.forName(name, false, LockedCompletionScan.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String key(String owner, String name, String descriptor) {
        return owner + "." + name + descriptor;
    }

    /** {@code AsyncLimiter.handOut()}, or {@code lambda in AsyncLimiter.run()} for a lambda body. */
    private static String display(String owner, String name, String descriptor) {
        String type = simple(owner);
        if (name.startsWith("lambda$")) {
            String[] parts = name.split("\\$");
            return "lambda in " + type + "." + (parts.length > 1 ? parts[1] : name) + "()";
        }
        if (name.equals("<init>")) {
            return "new " + type + "()";
        }
        return type + "." + name + "()";
    }

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
