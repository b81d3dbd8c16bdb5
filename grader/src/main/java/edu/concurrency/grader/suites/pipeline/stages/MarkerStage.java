package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Leaves evidence of what ran in a directory, so the grader can tell which inputs finished and
 * how many workers ran an input, even when {@code map} throws. Inputs:
 * <ul>
 *   <li>{@code done|<dir>|<i>|<millis>}: takes {@code millis} ms, creates {@code <dir>/done-<i>},
 *       returns {@code done-<i>};</li>
 *   <li>{@code fail|<message>}: throws IllegalStateException with that message;</li>
 *   <li>{@code poison|<dir>}: creates {@code <dir>/poison-<pid>}, then halts its JVM with status
 *       {@value #POISON_STATUS}: every worker that runs it dies.</li>
 * </ul>
 */
public final class MarkerStage implements Stage {
    /** The exit status of a worker killed by a poison input. */
    public static final int POISON_STATUS = 99;

    /** The input of a task that takes {@code millis} ms and leaves {@code done-<index>} in {@code dir}. */
    public static String done(Path dir, int index, long millis) {
        return "done|" + dir + "|" + index + "|" + millis;
    }

    /** The output of {@link #done}. */
    public static String doneOutput(int index) {
        return "done-" + index;
    }

    /** The input of a task whose stage throws IllegalStateException({@code message}). */
    public static String fail(String message) {
        return "fail|" + message;
    }

    /** The input that kills every worker running it, leaving {@code poison-<pid>} in {@code dir}. */
    public static String poison(Path dir) {
        return "poison|" + dir;
    }

    @Override
    public String apply(String input) throws Exception {
        String[] f = input.split("\\|", -1);
        switch (f[0]) {
            case "done" -> {
                Thread.sleep(Long.parseLong(f[3]));
                Files.createFile(Path.of(f[1]).resolve("done-" + f[2]));
                return doneOutput(Integer.parseInt(f[2]));
            }
            case "fail" -> throw new IllegalStateException(f[1]);
            case "poison" -> {
                Files.createFile(Path.of(f[1]).resolve("poison-" + ProcessHandle.current().pid()));
                Runtime.getRuntime().halt(POISON_STATUS);
                throw new AssertionError("unreachable");
            }
            default -> throw new IllegalArgumentException("unknown command " + f[0]);
        }
    }
}
