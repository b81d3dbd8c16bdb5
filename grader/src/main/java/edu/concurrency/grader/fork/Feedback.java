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
        if (t instanceof StackOverflowError) {
            return "StackOverflowError: unbounded recursion";
        }
        if (t instanceof OutOfMemoryError) {
            return what + ": the submission exhausted the heap";
        }
        return "Unexpected " + what;
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
