package edu.concurrency.grader.fork;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** Turns throwables from a check into words and a file:line a student can act on. */
public final class Feedback {
    private Feedback() {
    }

    /**
     * Describes what a failed check observed.
     *
     * @return the assertion message, or the exception with a hint at what it usually means
     */
    public static String describe(Throwable t) {
        if (t == null) {
            return "failed without a message";
        }
        if (t instanceof AssertionError) {
            return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        }
        Throwable overflow = inChain(t, StackOverflowError.class);
        if (overflow != null) {
            return stackOverflow();
        }
        Throwable oom = inChain(t, OutOfMemoryError.class);
        if (oom != null) {
            return isNativeThreadLimit(oom.getMessage())
                    ? "Too many threads: the JVM could not start another thread (" + oom
                            + "): a thread per task or an endless loop starting threads?"
                    : "Out of memory: " + oom + ": the submission exhausted the JVM's memory";
        }
        String what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        if (t instanceof UnsupportedOperationException && "TODO".equals(t.getMessage())) {
            return "Not implemented yet: the method still throws " + what;
        }
        if (t instanceof TimeoutException) {
            return "Hang: " + what + ". A thread never finished: deadlock, lost wakeup or an endless loop?";
        }
        if (isApiMismatch(t)) {
            return "The submission does not match the exercise's API (" + what
                    + "): a class, method or signature is missing or changed";
        }
        if (t instanceof ExceptionInInitializerError || t instanceof NoClassDefFoundError) {
            return "A class of the submission failed to initialize (" + what + "; cause: " + t.getCause()
                    + "): does a static initializer throw?";
        }
        return "Unexpected " + what;
    }

    /**
     * Feedback for a StackOverflowError; the check's one-line summary adds the submission's
     * file:line (see {@link #location(Throwable, String)}).
     */
    public static String stackOverflow() {
        return "Stack overflow: a method of the submission called itself without end (StackOverflowError):"
                + " endless recursion?";
    }

    /**
     * Feedback for a criterion during which the submission's JVM ran out of memory and ended, or
     * was ended by the grader because of it.
     *
     * @param jvmWords      what the JVM said, for example {@code java.lang.OutOfMemoryError: Java heap
     *                      space}
     * @param heapMegabytes the JVM's maximum heap ({@code -Xmx}), in MiB
     * @return feedback starting with {@code Out of memory:}, or with {@code Too many threads:}
     *         when the JVM could not create a native thread
     */
    public static String outOfMemory(String jvmWords, int heapMegabytes) {
        if (isNativeThreadLimit(jvmWords)) {
            return "Too many threads: the submission's JVM could not start another thread while this criterion ran ("
                    + jvmWords + "): a thread per task or an endless loop starting threads? The other criteria ran"
                    + " in a fresh JVM";
        }
        boolean heap = jvmWords.contains("Java heap space") || jvmWords.contains("GC overhead limit exceeded");
        return heap
                ? "Out of memory: the submission's JVM ran out of heap (limit " + heapMegabytes
                        + " MiB) while this criterion ran (" + jvmWords + "); the other criteria ran in a fresh JVM"
                : "Out of memory: the submission's JVM ran out of memory while this criterion ran (" + jvmWords
                        + "; heap limit " + heapMegabytes + " MiB); the other criteria ran in a fresh JVM";
    }

    /**
     * Feedback for a criterion during which the submission's JVM exceeded the thread limit.
     *
     * @param live        live threads counted in the JVM
     * @param limit       the limit ({@code --max-threads})
     * @param commonNames the most common thread names, with counts, most frequent first
     * @return feedback starting with {@code Too many threads:}
     */
    public static String threadLimit(int live, int limit, String commonNames) {
        return "Too many threads: " + live + " live threads in the submission's JVM, over the limit of " + limit
                + " (a thread per task or an endless loop starting threads?); most common thread names: " + commonNames;
    }

    private static boolean isNativeThreadLimit(String message) {
        return message != null && message.contains("unable to create native thread");
    }

    private static Throwable inChain(Throwable t, Class<? extends Throwable> type) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable x = t; x != null && seen.add(x); x = x.getCause()) {
            if (type.isInstance(x)) {
                return x;
            }
        }
        return null;
    }

    /**
     * Whether {@code t} says the submission's classes do not have the exercise's API (a missing
     * class, method or field, or a changed signature), rather than that its code misbehaved.
     * A class whose static initializer failed is misbehaviour, not a mismatch.
     */
    public static boolean isApiMismatch(Throwable t) {
        return t instanceof LinkageError && !(t instanceof ExceptionInInitializerError)
                && !(t instanceof NoClassDefFoundError && String.valueOf(t.getMessage()).startsWith("Could not initialize"));
    }

    /**
     * The first frame of the submission's code in {@code t} or its causes, as {@code File.java:LINE}.
     *
     * @return the location, or null when no frame of the package has a file and line
     */
    public static String location(Throwable t, String exercisePackage) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable x = t; x != null && seen.add(x); x = x.getCause()) {
            for (StackTraceElement f : x.getStackTrace()) {
                if (f.getClassName().startsWith(exercisePackage + ".") && f.getFileName() != null && f.getLineNumber() > 0) {
                    return f.getFileName() + ":" + f.getLineNumber();
                }
            }
        }
        return null;
    }
}
