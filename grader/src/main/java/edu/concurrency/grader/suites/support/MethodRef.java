package edu.concurrency.grader.suites.support;

/**
 * A method of a scanned class, as the bytecode names it.
 *
 * @param owner      the declaring class's internal name ({@code edu/concurrency/queue/BoundedBuffer})
 * @param name       the method's name ({@code put}; {@code <init>} for a constructor)
 * @param descriptor the method's descriptor ({@code (Ljava/lang/Object;)V})
 */
record MethodRef(String owner, String name, String descriptor) {

    /** Whether this is a constructor or a static initialiser: code that runs before the object is shared. */
    boolean isInitializer() {
        return name.equals("<init>") || name.equals("<clinit>");
    }
}
