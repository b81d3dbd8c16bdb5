package edu.concurrency.grader.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The sandbox of one grading: none, or bubblewrap ({@code bwrap}) at a given path.
 *
 * <p>{@link #command} turns a command into {@code bwrap ARGS -- COMMAND}, where the process has
 * <ul>
 *   <li>a file system of its own (a fresh tmpfs as root) holding, read-only, {@code /usr} (with
 *       {@code /bin}, {@code /lib}, ... as on the host: symbolic links on a merged-/usr system),
 *       the few files of {@code /etc} a JVM reads (users and groups, time zone, the dynamic
 *       linker's cache, the Debian JDKs' configuration), the JDK of its {@code java}, and the paths
 *       named read-only; read-write, the paths named writable; a private empty {@code /tmp}, an
 *       empty writable home at the grader's {@code user.home} (see {@link #withHome}), its own {@code /proc} and a minimal
 *       {@code /dev}. Nothing else of the grader's user (home, other submissions, the rubric, the
 *       report directory, the sources) exists in it;</li>
 *   <li>no network but its own loopback interface ({@code --unshare-net});</li>
 *   <li>its own PID, IPC, UTS, cgroup and user namespaces, no capabilities, and
 *       {@code --die-with-parent}: when bwrap or the grader dies, the kernel kills every process of
 *       the namespace, whatever session, directory or environment it chose;</li>
 *   <li>an environment reduced to {@code PATH}, {@code HOME}, {@code USER}, {@code LOGNAME},
 *       {@code LANG}, {@code LANGUAGE}, {@code LC_*}, {@code TZ} and {@code TERM}
 *       ({@link #environment}), plus what the caller sets explicitly.</li>
 * </ul>
 *
 * <p>The process the grader starts is bwrap; the sandboxed command runs as a grandchild of it
 * (bwrap keeps a reaper as the namespace's PID 1). Its pid as the grader sees it is found among
 * bwrap's descendants. {@code --die-with-parent} uses the kernel's parent-death signal, which
 * fires when the <em>thread</em> that started bwrap ends: start a sandboxed process from a thread
 * that outlives it (the grader's threads wait for their processes).
 */
public final class Sandbox {

    /** Variables of the grader's environment that a sandboxed process keeps. */
    private static final Pattern KEPT = Pattern.compile("PATH|HOME|USER|LOGNAME|LANG|LANGUAGE|LC_[A-Z_]+|TZ|TERM");

    /** Top-level directories of the system, bound read-only (or linked, as on the host). */
    private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    /** Files of {@code /etc} a JVM may read, bound read-only where they exist. */
    private static final List<String> ETC = List.of("/etc/passwd", "/etc/group", "/etc/nsswitch.conf",
            "/etc/localtime", "/etc/timezone", "/etc/hosts", "/etc/host.conf", "/etc/ld.so.cache", "/etc/ld.so.conf",
            "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/java-17-openjdk", "/etc/java-21-openjdk",
            "/etc/java-25-openjdk", "/etc/ssl/certs");

    private static final Sandbox NONE = new Sandbox(null, null, null);
    private static final long TRIAL_SECONDS = 10;

    /** bwrap's path, or null for no sandbox. */
    private final Path bwrap;
    /** bwrap's version line, for the report, or null. */
    private final String version;
    /** The directory bound as the home, or null for an empty tmpfs per process. */
    private final Path home;

    private Sandbox(Path bwrap, String version, Path home) {
        this.bwrap = bwrap;
        this.version = version;
        this.home = home;
    }

    /**
     * This sandbox with {@code directory} (empty, the grading's own) as the home of every process,
     * instead of an empty tmpfs each: what one process leaves there (jcstress's host extracts JNA's
     * native library into {@code ~/.cache}, which its forks load) the next one of the same grading finds.
     */
    public Sandbox withHome(Path directory) {
        return bwrap == null ? this : new Sandbox(bwrap, version, directory);
    }

    /** No sandbox: commands run as they are. */
    public static Sandbox none() {
        return NONE;
    }

    /**
     * A sandbox run by the {@code bwrap} at {@code bwrap}, not tried (see {@link #choose} for one
     * that is).
     */
    public static Sandbox bwrap(Path bwrap) {
        return new Sandbox(bwrap, null, null);
    }

    /**
     * The sandbox a grading gets, and the note that says so in its report.
     *
     * @param sandbox the sandbox
     * @param note    one line for the report's notes: which isolation ran and what it means
     */
    public record Choice(Sandbox sandbox, String note) {
    }

    /**
     * Chooses the sandbox for {@code mode}: for {@link SandboxMode#AUTO} and
     * {@link SandboxMode#BWRAP}, the first {@code bwrap} on {@code PATH} (else
     * {@code /usr/bin/bwrap}), tried once with the arguments of a real run and {@code /usr/bin/true}
     * as the command; it works when that exits with 0 within 10 s.
     *
     * @param mode what was asked for
     * @return the choice, with its note
     * @throws IllegalStateException when {@link SandboxMode#BWRAP} was asked for and bwrap does not work
     */
    public static Choice choose(SandboxMode mode) {
        if (mode == SandboxMode.NONE) {
            return new Choice(NONE, "Sandbox: none (--sandbox none). " + WITHOUT);
        }
        Optional<Path> found = locate();
        String failure;
        if (found.isEmpty()) {
            failure = "bwrap is not installed (Debian and Ubuntu: apt-get install bubblewrap)";
        } else {
            Sandbox candidate = new Sandbox(found.get(), null, null);
            failure = candidate.trial();
            if (failure == null) {
                Sandbox tried = new Sandbox(found.get(), versionOf(found.get()), null);
                return new Choice(tried, "Sandbox: bubblewrap (" + tried.version + "): every process of the"
                        + " submission saw only the JDK, the system libraries, its classes and its own empty"
                        + " directories, had no network but its own loopback, and lived in a PID namespace"
                        + " that ended with its grading.");
            }
        }
        if (mode == SandboxMode.BWRAP) {
            throw new IllegalStateException("--sandbox bwrap: " + failure);
        }
        return new Choice(NONE, "Sandbox: none, " + failure + ". " + WITHOUT);
    }

    private static final String WITHOUT = "The submission ran as the grader's user, with that user's files,"
            + " network and processes (README: Limits of this isolation).";

    /** Whether commands run in bwrap. */
    public boolean active() {
        return bwrap != null;
    }

    /** bwrap's path, when {@link #active()}. */
    public Optional<Path> executable() {
        return Optional.ofNullable(bwrap);
    }

    /**
     * {@code command} as it runs in this sandbox (see the class description); {@code command}
     * itself when there is none.
     *
     * @param command  the program (its real path is bound with its JDK when it is a JDK's
     *                 {@code bin/java}) and its arguments
     * @param workDir  the working directory inside (bind it through {@code writable} or
     *                 {@code readOnly})
     * @param readOnly absolute paths the process may read; missing ones are left out
     * @param writable absolute paths the process may read and write; missing ones are left out
     * @return the command to start
     */
    public List<String> command(List<String> command, Path workDir, List<Path> readOnly, List<Path> writable) {
        if (bwrap == null) {
            return command;
        }
        List<String> args = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--die-with-parent",
                "--cap-drop", "ALL"));
        for (String dir : SYSTEM) {
            Path p = Path.of(dir);
            if (Files.isSymbolicLink(p)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
                } catch (IOException e) {
                    // unreadable link: leave it out
                }
            } else if (Files.isDirectory(p)) {
                args.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        for (String file : ETC) {
            args.addAll(List.of("--ro-bind-try", file, file));
        }
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        home().ifPresent(h -> args.addAll(home == null ? List.of("--tmpfs", h.toString())
                : List.of("--bind", real(home).toString(), h.toString())));

        List<String> program = new ArrayList<>(command);
        Set<Path> ro = new LinkedHashSet<>();
        Path executable = real(Path.of(command.get(0)));
        program.set(0, executable.toString());
        Path bin = executable.getParent();
        if (bin != null && bin.getFileName() != null && "bin".equals(bin.getFileName().toString()) && bin.getParent() != null) {
            ro.add(bin.getParent()); // the JDK
        } else {
            ro.add(executable);
        }
        readOnly.forEach(p -> ro.add(real(p)));
        List<Bind> binds = new ArrayList<>();
        ro.forEach(p -> binds.add(new Bind(p, false)));
        writable.forEach(p -> binds.add(new Bind(real(p), true)));
        binds.sort(Comparator.comparingInt((Bind b) -> b.path().getNameCount()).thenComparing(Bind::writable));
        for (Bind b : binds) {
            if (b.path().getNameCount() > 0 && !underSystem(b.path()) && Files.exists(b.path())) {
                args.addAll(List.of(b.writable() ? "--bind" : "--ro-bind", b.path().toString(), b.path().toString()));
            }
        }
        args.addAll(List.of("--chdir", real(workDir).toString(), "--"));
        args.addAll(program);
        return args;
    }

    /**
     * The variables of {@code inherited} that a sandboxed process keeps ({@code PATH}, {@code HOME},
     * {@code USER}, {@code LOGNAME}, {@code LANG}, {@code LANGUAGE}, {@code LC_*}, {@code TZ},
     * {@code TERM}); all of them when there is no sandbox.
     */
    public Map<String, String> environment(Map<String, String> inherited) {
        if (bwrap == null) {
            return inherited;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        inherited.forEach((k, v) -> {
            if (KEPT.matcher(k).matches()) {
                kept.put(k, v);
            }
        });
        home().ifPresent(h -> kept.put("HOME", h.toString()));
        return kept;
    }

    @Override
    public String toString() {
        return bwrap == null ? "none" : "bwrap " + bwrap;
    }

    private record Bind(Path path, boolean writable) {
    }

    /** The grader's home, made an empty tmpfs inside; empty when it is the root or a system directory. */
    private static Optional<Path> home() {
        String home = System.getProperty("user.home", "");
        if (home.isBlank() || !home.startsWith("/")) {
            return Optional.empty();
        }
        Path h = Path.of(home).normalize();
        return h.getNameCount() == 0 || underSystem(h) || h.startsWith("/tmp") ? Optional.empty() : Optional.of(h);
    }

    private static boolean underSystem(Path p) {
        return SYSTEM.stream().anyMatch(s -> p.startsWith(s)) || p.startsWith("/proc") || p.startsWith("/dev");
    }

    private static Path real(Path p) {
        try {
            return p.toAbsolutePath().toRealPath();
        } catch (IOException missing) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static Optional<Path> locate() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "bwrap"))) {
                return Optional.of(Path.of(dir, "bwrap"));
            }
        }
        Path usual = Path.of("/usr/bin/bwrap");
        return Files.isExecutable(usual) ? Optional.of(usual) : Optional.empty();
    }

    /** Runs {@code true} in this sandbox; null when it worked, else why not. */
    private String trial() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<String> command = command(List.of("/usr/bin/true"), tmp, List.of(), List.of(tmp));
        try {
            Path err = Files.createTempFile("concurrency-grader-bwrap-", ".txt");
            try {
                Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
                if (!p.waitFor(TRIAL_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "bwrap did not finish a trial run within " + TRIAL_SECONDS + " s";
                }
                if (p.exitValue() != 0) {
                    String why = Files.readString(err, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
                    return "bwrap does not run here (exit code " + p.exitValue() + (why.isEmpty() ? "" : ": " + why)
                            + "; on Ubuntu 23.10+ unprivileged user namespaces may be restricted by AppArmor)";
                }
                return null;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return "bwrap could not be started (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while trying bwrap";
        }
    }

    private static String versionOf(Path bwrap) {
        try {
            Process p = new ProcessBuilder(bwrap.toString(), "--version").redirectErrorStream(true).start();
            String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                    .orElse("bwrap").strip();
            p.waitFor(TRIAL_SECONDS, TimeUnit.SECONDS);
            return line;
        } catch (IOException e) {
            return "bwrap";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "bwrap";
        }
    }
}
