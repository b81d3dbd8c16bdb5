package edu.concurrency.grader.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what Linux tells about a process in {@code /proc/PID} (proc(5)): the fields of
 * {@code stat}, the NUL-separated entries of {@code environ} and the arguments in {@code cmdline}.
 * Every method answers "unknown" (empty, false) rather than throwing when the process is gone,
 * not ours to read, or the machine has no {@code /proc}.
 */
public final class ProcFs {
    private static final Path PROC = Path.of("/proc");
    /** Index of field 9, {@code flags}, in {@link #statFields}. */
    private static final int FLAGS = 6;
    /** The kernel's flag of a process that has begun to exit. */
    private static final long PF_EXITING = 0x4;

    private ProcFs() {
    }

    /** Whether this machine has a {@code /proc} to read. */
    public static boolean available() {
        return Files.isDirectory(PROC);
    }

    /** {@code /proc/PID/FILE}. */
    public static Path file(long pid, String file) {
        return PROC.resolve(Long.toString(pid)).resolve(file);
    }

    /**
     * The fields of {@code /proc/PID/stat} after the command name, from field 3 ({@code state})
     * on: index 0 is the state, 2 the process group, 19 the start time in clock ticks since boot.
     */
    public static Optional<String[]> statFields(long pid) {
        try {
            String text = Files.readString(file(pid, "stat"), StandardCharsets.ISO_8859_1);
            int close = text.lastIndexOf(')');
            if (close < 0 || close + 2 >= text.length()) {
                return Optional.empty();
            }
            return Optional.of(text.substring(close + 2).trim().split(" "));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** The state letter of {@code /proc/PID/stat}: R, S, D, Z (zombie), X (dead), ... */
    public static Optional<Character> state(long pid) {
        return statFields(pid).filter(f -> !f[0].isEmpty()).map(f -> f[0].charAt(0));
    }

    /** Whether the process has exited but is not reaped yet, or is dead (state Z, X or x). */
    public static boolean zombie(long pid) {
        char state = state(pid).orElse('?');
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /**
     * Whether the process is on its way out: a zombie or dead ({@link #zombie}), or already in the
     * kernel's exit path, which sets the flag {@code PF_EXITING} (0x4, {@code include/linux/sched.h})
     * in field 9 ({@code flags}) of {@code stat} before it releases the process's memory; a large JVM
     * can spend a while there (state D, no command line left) on a loaded machine.
     */
    public static boolean dying(long pid) {
        if (zombie(pid)) {
            return true;
        }
        return statFields(pid).filter(f -> f.length > FLAGS).map(f -> {
            try {
                return (Long.parseUnsignedLong(f[FLAGS]) & PF_EXITING) != 0;
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }).orElse(false);
    }

    /** Whether {@code /proc/PID/environ} holds the whole entry {@code NAME=VALUE}. */
    public static boolean hasEnvironmentEntry(long pid, String name, String value) {
        byte[] needle = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
        return environ(pid).map(env -> indexOfEntry(env, needle, true) >= 0).orElse(false);
    }

    /** Whether {@code /proc/PID/environ} has a variable {@code name}, whatever its value. */
    public static boolean hasVariable(long pid, String name) {
        byte[] needle = (name + "=").getBytes(StandardCharsets.UTF_8);
        return environ(pid).map(env -> indexOfEntry(env, needle, false) >= 0).orElse(false);
    }

    /** The program and arguments in {@code /proc/PID/cmdline}; empty when unknown or a kernel thread. */
    public static List<String> arguments(long pid) {
        try {
            byte[] bytes = Files.readAllBytes(file(pid, "cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == 0) {
                    if (i > start) {
                        args.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return args;
        } catch (IOException | RuntimeException gone) {
            return List.of();
        }
    }

    private static Optional<byte[]> environ(long pid) {
        try {
            return Optional.of(Files.readAllBytes(file(pid, "environ")));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /**
     * Where an entry of the NUL-separated {@code environ} starts with {@code needle} (and, when
     * {@code whole}, also ends with it), or -1.
     */
    static int indexOfEntry(byte[] environ, byte[] needle, boolean whole) {
        outer:
        for (int i = 0; i + needle.length <= environ.length; i++) {
            if (i > 0 && environ[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (environ[i + j] != needle[j]) {
                    continue outer;
                }
            }
            int end = i + needle.length;
            if (!whole || end == environ.length || environ[end] == 0) {
                return i;
            }
        }
        return -1;
    }
}
