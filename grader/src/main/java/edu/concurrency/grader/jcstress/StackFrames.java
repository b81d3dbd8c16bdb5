package edu.concurrency.grader.jcstress;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading stack-trace lines ({@code "\tat pkg.Class.method(File.java:12)"}) as they appear in
 * exception traces and thread dumps, and telling submission frames from JDK, jcstress and probe
 * frames.
 */
final class StackFrames {

    /** Package prefix of all race probes; their frames are never the submission's. */
    static final String PROBES_PREFIX = "edu.concurrency.probes.";

    private static final Pattern FRAME = Pattern.compile("^\\s*at\\s+([^\\s(]+)\\((.*)\\)\\s*$");

    private static final Pattern HIDDEN_SUFFIX = Pattern.compile("/0x[0-9a-fA-F]+");

    private StackFrames() {
    }

    /** One parsed frame: class, method and the text in parentheses (file:line, Native Method...). */
    record Frame(String className, String method, String location) {

        /** The class name without its package ({@code BoundedBuffer}, {@code Outer$Inner}). */
        String simpleClassName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        /** {@code BoundedBuffer.offer(BoundedBuffer.java:24)}. */
        String shortForm() {
            return simpleClassName() + "." + method + "(" + location + ")";
        }
    }

    /** Parses one line of a trace or thread dump; empty if it is not a frame. */
    static Optional<Frame> parse(String line) {
        Matcher m = FRAME.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        // Hidden classes (lambdas) are named "Foo$$Lambda/0x0000000800c03000": drop the suffix, then
        // "java.base/java.lang.Object.wait", "app//edu.Foo.bar": drop class-loader and module names.
        String qualified = HIDDEN_SUFFIX.matcher(m.group(1)).replaceAll("");
        qualified = qualified.substring(qualified.lastIndexOf('/') + 1);
        int dot = qualified.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String location = m.group(2);
        // Thread dumps say "(java.base@17.0.15/Object.java:338)".
        location = location.substring(location.indexOf('/') + 1);
        return Optional.of(new Frame(qualified.substring(0, dot), qualified.substring(dot + 1), location));
    }

    /** Whether the frame belongs to the JDK. */
    static boolean isJdk(Frame f) {
        String c = f.className();
        return c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.")
                || c.startsWith("sun.") || c.startsWith("com.sun.");
    }

    /** Whether the frame belongs to jcstress or to a probe (including its generated runner). */
    static boolean isHarness(Frame f) {
        return f.className().startsWith("org.openjdk.jcstress.") || f.className().startsWith(PROBES_PREFIX);
    }

    /** Whether the frame is the submission's: neither JDK nor jcstress nor a probe. */
    static boolean isSubmission(Frame f) {
        return !isJdk(f) && !isHarness(f);
    }

    /** The class name without its package. */
    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
