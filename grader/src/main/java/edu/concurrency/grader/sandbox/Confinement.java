package edu.concurrency.grader.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How one process is started: in {@code sandbox}, seeing {@code readOnly} and {@code writable}
 * besides the JDK and the system (see {@link Sandbox#command}). With {@link Sandbox#none()} the
 * paths are ignored and the command runs as it is.
 *
 * @param sandbox  the grading's sandbox
 * @param readOnly files and directories the process may read (class path, plan), absolute
 * @param writable files and directories the process may write (its working directory, results file)
 */
public record Confinement(Sandbox sandbox, List<Path> readOnly, List<Path> writable) {

    /** No sandbox. */
    public static final Confinement NONE = new Confinement(Sandbox.none(), List.of(), List.of());

    /** Copies the lists. */
    public Confinement {
        readOnly = List.copyOf(readOnly);
        writable = List.copyOf(writable);
    }

    /** Whether the process runs in a sandbox at all. */
    public boolean active() {
        return sandbox.active();
    }

    /** The command to start: {@code command} itself, or bwrap running it. */
    public List<String> command(List<String> command, Path workDir) {
        return sandbox.command(command, workDir, readOnly, writable);
    }

    /** The environment to start the process with (reduced in a sandbox; see {@link Sandbox#environment}). */
    public Map<String, String> environment(Map<String, String> environment) {
        return sandbox.environment(environment);
    }
}
