package edu.concurrency.grader.suites.support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.Value;

/**
 * The read-modify-writes of fields in one method: a {@code PUTFIELD} (or {@code PUTSTATIC}) of a
 * field whose value is computed from a {@code GETFIELD} of the same field on the same object (or a
 * {@code GETSTATIC} of the same static field), as {@code count++}, {@code count += n},
 * {@code count = count + 1} or {@code long c = count; ...; count = c + 1} compile to.
 *
 * <p>A data-flow analysis over the method's bytecode (ASM's {@link Analyzer}) gives every value on
 * the stack and in the locals the field reads it is computed from (through arithmetic, locals,
 * casts, array loads and method calls) and, for a reference, the instructions or parameters it can
 * come from. Two accesses are on the same object when their object references come from the same
 * sources, say both from parameter 0 ({@code this}, in an instance method). A value that depends
 * on a field only through a branch ({@code if (count < 9) count = 9}) is not a read-modify-write
 * here.
 */
final class ReadModifyWrites {

    /**
     * One read-modify-write.
     *
     * @param read  the instruction that reads the field (one of them, if several flow into the write)
     * @param write the instruction that writes it
     * @param shape how the source likely spells it: {@code ++}, {@code --}, {@code +=}, {@code -=}
     *              or {@code =} (any other computation)
     */
    record Update(FieldInsnNode read, FieldInsnNode write, String shape) {
    }

    private ReadModifyWrites() {
    }

    /**
     * Finds the read-modify-writes of fields in a method.
     *
     * @param owner  the internal name of the method's class
     * @param method a method with code, as read with its maximum stack and locals
     * @return the read-modify-writes in code order; empty if the method has none, or if its bytecode
     *     cannot be analysed (then nothing is claimed)
     */
    static List<Update> in(String owner, MethodNode method) {
        if (method.instructions.size() == 0) {
            return List.of();
        }
        Frame<Flow>[] frames;
        try {
            frames = new Analyzer<>(new FlowInterpreter()).analyze(owner, method);
        } catch (AnalyzerException e) {
            return List.of();
        }
        List<Update> updates = new ArrayList<>();
        for (int i = 0; i < frames.length; i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            Frame<Flow> frame = frames[i];
            if (frame == null || !(insn instanceof FieldInsnNode put)
                    || (put.getOpcode() != Opcodes.PUTFIELD && put.getOpcode() != Opcodes.PUTSTATIC)) {
                continue;
            }
            int top = frame.getStackSize() - 1;
            Flow value = frame.getStack(top);
            Set<Object> object = put.getOpcode() == Opcodes.PUTSTATIC ? Set.of(STATIC) : frame.getStack(top - 1).sources();
            for (FieldRead read : value.reads()) {
                if (read.insn().owner.equals(put.owner) && read.insn().name.equals(put.name)
                        && !object.isEmpty() && read.object().equals(object)) {
                    updates.add(new Update(read.insn(), put, shape(read.insn(), put)));
                    break;
                }
            }
        }
        return List.copyOf(updates);
    }

    /**
     * {@code ++} for an add of the constant 1 just before the write, and so on; javac compiles
     * {@code count++} and {@code count += n} on an instance field with the object loaded once and
     * duplicated ({@code aload; dup; getfield}), {@code count = count + 1} with it loaded twice.
     */
    private static String shape(FieldInsnNode read, FieldInsnNode write) {
        AbstractInsnNode loaded = previous(read);
        boolean compound = read.getOpcode() == Opcodes.GETSTATIC || (loaded != null && loaded.getOpcode() == Opcodes.DUP);
        if (!compound) {
            return "=";
        }
        AbstractInsnNode op = previous(write);
        AbstractInsnNode operand = op == null ? null : previous(op);
        boolean one = operand != null && switch (operand.getOpcode()) {
            case Opcodes.ICONST_1, Opcodes.LCONST_1 -> true;
            default -> false;
        };
        return switch (op == null ? -1 : op.getOpcode()) {
            case Opcodes.IADD, Opcodes.LADD -> one ? "++" : "+=";
            case Opcodes.ISUB, Opcodes.LSUB -> one ? "--" : "-=";
            case Opcodes.FADD, Opcodes.DADD -> "+=";
            case Opcodes.FSUB, Opcodes.DSUB -> "-=";
            default -> "=";
        };
    }

    /** The instruction before, skipping labels, line numbers and frames. */
    private static AbstractInsnNode previous(AbstractInsnNode insn) {
        AbstractInsnNode p = insn.getPrevious();
        while (p != null && p.getOpcode() < 0) {
            p = p.getPrevious();
        }
        return p;
    }

    /** The source of a static field's "object". */
    private static final String STATIC = "static";

    /**
     * A read of a field, with the sources of the object it was read from ({@link #STATIC} for a
     * static field).
     */
    private record FieldRead(FieldInsnNode insn, Set<Object> object) {
    }

    /**
     * What the analysis knows of one value: its size in slots, where a reference can come from (an
     * instruction, or a parameter's index as an Integer; empty when unknown), and the field reads
     * it is computed from.
     */
    private record Flow(int size, Set<Object> sources, Set<FieldRead> reads) implements Value {

        @Override
        public int getSize() {
            return size;
        }

        static Flow of(int size, AbstractInsnNode insn, Set<FieldRead> reads) {
            return new Flow(size, Set.of(insn), reads);
        }
    }

    /** Propagates field reads through every operation, and keeps a reference's sources through copies. */
    private static final class FlowInterpreter extends Interpreter<Flow> {

        private static final Flow UNKNOWN = new Flow(1, Set.of(), Set.of());

        FlowInterpreter() {
            super(Opcodes.ASM9);
        }

        @Override
        public Flow newValue(Type type) {
            if (type == Type.VOID_TYPE) {
                return null;
            }
            return type == null || type.getSize() == 1 ? UNKNOWN : new Flow(2, Set.of(), Set.of());
        }

        @Override
        public Flow newParameterValue(boolean isInstanceMethod, int local, Type type) {
            return new Flow(type.getSize(), Set.of(local), Set.of());
        }

        @Override
        public Flow newOperation(AbstractInsnNode insn) {
            return switch (insn.getOpcode()) {
                case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> Flow.of(2, insn, Set.of());
                case Opcodes.LDC -> {
                    Object constant = ((LdcInsnNode) insn).cst;
                    yield Flow.of(constant instanceof Long || constant instanceof Double ? 2 : 1, insn, Set.of());
                }
                case Opcodes.GETSTATIC -> {
                    FieldInsnNode get = (FieldInsnNode) insn;
                    yield Flow.of(Type.getType(get.desc).getSize(), insn, Set.of(new FieldRead(get, Set.of(STATIC))));
                }
                default -> Flow.of(1, insn, Set.of());
            };
        }

        @Override
        public Flow copyOperation(AbstractInsnNode insn, Flow value) {
            return value; // loads, stores and DUPs move the same value: same sources, same reads
        }

        @Override
        public Flow unaryOperation(AbstractInsnNode insn, Flow value) {
            int opcode = insn.getOpcode();
            return switch (opcode) {
                case Opcodes.GETFIELD -> {
                    FieldInsnNode get = (FieldInsnNode) insn;
                    Set<FieldRead> reads = union(value.reads(), Set.of(new FieldRead(get, value.sources())));
                    yield Flow.of(Type.getType(get.desc).getSize(), insn, reads);
                }
                case Opcodes.CHECKCAST -> value; // the same object
                case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE,
                     Opcodes.IFNULL, Opcodes.IFNONNULL, Opcodes.TABLESWITCH, Opcodes.LOOKUPSWITCH,
                     Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN,
                     Opcodes.PUTSTATIC, Opcodes.ATHROW, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> null;
                case Opcodes.LNEG, Opcodes.DNEG, Opcodes.I2L, Opcodes.I2D, Opcodes.L2D, Opcodes.F2L, Opcodes.F2D,
                     Opcodes.D2L -> Flow.of(2, insn, value.reads());
                default -> Flow.of(1, insn, value.reads()); // IINC, other conversions, NEWARRAY, ARRAYLENGTH, ...
            };
        }

        @Override
        public Flow binaryOperation(AbstractInsnNode insn, Flow value1, Flow value2) {
            int opcode = insn.getOpcode();
            return switch (opcode) {
                case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
                     Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE, Opcodes.PUTFIELD -> null;
                case Opcodes.LALOAD, Opcodes.DALOAD, Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB,
                     Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV, Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM,
                     Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR ->
                        Flow.of(2, insn, union(value1.reads(), value2.reads()));
                default -> Flow.of(1, insn, union(value1.reads(), value2.reads()));
            };
        }

        @Override
        public Flow ternaryOperation(AbstractInsnNode insn, Flow value1, Flow value2, Flow value3) {
            return null; // array stores push nothing
        }

        @Override
        public Flow naryOperation(AbstractInsnNode insn, List<? extends Flow> values) {
            Type result = Type.VOID_TYPE;
            if (insn instanceof MethodInsnNode call) {
                result = Type.getReturnType(call.desc);
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                result = Type.getReturnType(indy.desc);
            } else if (insn instanceof MultiANewArrayInsnNode array) {
                result = Type.getType(array.desc);
            }
            if (result == Type.VOID_TYPE) {
                return null;
            }
            Set<FieldRead> reads = new HashSet<>();
            values.forEach(v -> reads.addAll(v.reads())); // a result computed from a field by a call
            return Flow.of(result.getSize(), insn, Set.copyOf(reads));
        }

        @Override
        public void returnOperation(AbstractInsnNode insn, Flow value, Flow expected) {
            // nothing to check
        }

        @Override
        public Flow merge(Flow value1, Flow value2) {
            if (value1.equals(value2)) {
                return value1;
            }
            return new Flow(Math.min(value1.size(), value2.size()), union(value1.sources(), value2.sources()),
                    union(value1.reads(), value2.reads()));
        }

        private static <T> Set<T> union(Set<T> a, Set<T> b) {
            if (b.isEmpty() || a.containsAll(b)) {
                return a;
            }
            Set<T> all = new HashSet<>(a);
            all.addAll(b);
            return Set.copyOf(all);
        }
    }
}
