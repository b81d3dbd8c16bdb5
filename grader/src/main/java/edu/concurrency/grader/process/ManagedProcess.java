package edu.concurrency.grader.process;

import edu.concurrency.grader.sandbox.Confinement;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A child process started for a submission, with everything it may spawn under control.
 *
 * <ul>
 *   <li>When the machine allows it, the process is put into a cgroup of its own right after it
 *       started, {@code concurrency-grader-<marker>} below the grader's own cgroup: with the cgroup v1
 *       pids controller at {@code /sys/fs/cgroup/pids}, or a cgroup v2 leaf (which needs a delegated
 *       subtree). Its children are born in that cgroup and cannot leave it by {@code setsid}, a
 *       double fork or clearing their environment (kernel documentation,
 *       {@code Documentation/admin-guide/cgroup-v1/pids.rst} and
 *       {@code Documentation/admin-guide/cgroup-v2.rst}), so {@link #killTree()} kills every member
 *       of it and of the cgroups below it (a {@code ManagedProcess} started inside the tree gets
 *       its cgroup there), until they are empty, then removes them. Without a cgroup
 *       (no permission, read-only, not Linux: no error, just the means below) a process that leaves
 *       the session, clears its environment and is orphaned before {@link #killTree()} looks
 *       escapes.</li>
 *   <li>On Linux it runs in a new session and process group ({@code setsid(1)}), so that
 *       {@link #killTree()} reaches grandchildren even after their parent died.</li>
 *   <li>It carries the environment variable {@value #MARKER} with a value unique to this process,
 *       and a variable {@code CONCURRENCY_GRADER_TREE_<id>=1} named after the same value;
 *       descendants inherit both, so {@link #killTree()} also finds processes that left the group
 *       (for example with their own {@code setsid}) by scanning {@code /proc/PID/environ}. A
 *       {@code ManagedProcess} started inside a managed tree replaces {@value #MARKER} but keeps
 *       the outer tree's named variable, so the outer tree still finds it.</li>
 *   <li>Secrets stay out of its environment: every variable whose name matches
 *       {@code GITHUB_.*}, {@code ACTIONS_.*}, {@code RUNNER_.*} or {@code INPUT_.*}, or contains
 *       {@code TOKEN}, {@code SECRET}, {@code PASSWORD} or {@code CREDENTIAL} (all
 *       case-insensitive), is removed, whether the grader inherited it or the caller passed it
 *       explicitly (see {@link #isSecret(String)}).</li>
 *   <li>stdin is empty, the given bytes, or a pipe the grader writes lines to; stdout and stderr are drained continuously and kept up
 *       to a byte limit (head and tail), see {@link CapturedOutput}.</li>
 *   <li>If the JVM that started it shuts down first (SIGTERM, SIGINT, System.exit: not SIGKILL),
 *       a shutdown hook runs {@link #killTree()}.</li>
 *   <li>{@link #killTree()} kills only processes that are still this tree's: the process itself,
 *       its current descendants, the members of its cgroup, processes that carry this tree's marker in
 *       {@code /proc/PID/environ}, processes in its confined working directory (below), and
 *       processes remembered from an earlier look whose start time in {@code /proc/PID/stat} is
 *       unchanged (so a pid reused by an unrelated process is left alone). The process group is
 *       signalled only while it is provably this tree's.</li>
 *   <li>Started with {@link #startConfined}, the working directory is the tree's alone: a process
 *       started after the root whose working directory ({@code /proc/PID/cwd}) lies in it is taken
 *       for part of the tree. Without a cgroup this still finds an escapee that left the session
 *       and cleared its environment but stayed where it was born.</li>
 * </ul>
 *
 * <p>Started with a {@link Confinement} whose sandbox is active, the process the grader starts is
 * bubblewrap and the command runs inside it (see {@code edu.concurrency.grader.sandbox.Sandbox}):
 * the environment is reduced to what a JVM needs, the {@link ParentWatch} property is dropped (the
 * grader's pid means nothing in the sandbox's PID namespace, whose processes the kernel kills with
 * bwrap), {@link #mainPid()} is the command's pid as the grader sees it, and bwrap's own processes
 * are not reported as left running.
 *
 * <p>The system property {@value #CGROUPS_PROPERTY}{@code =false} makes the grader do without
 * cgroups, as on a machine that offers none; for tests of the other means.
 */
public final class ManagedProcess implements AutoCloseable {

    /** Name of the environment variable that tags every process of one managed tree. */
    public static final String MARKER = "CONCURRENCY_GRADER_TREE";

    /** Names of environment variables that never reach a managed process (case-insensitive). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?:GITHUB_|ACTIONS_|RUNNER_|INPUT_).*|.*(?:TOKEN|SECRET|PASSWORD|CREDENTIAL).*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** System property that, set to {@code false}, keeps every managed process out of a cgroup. */
    public static final String CGROUPS_PROPERTY = "concurrency.grader.cgroups";

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path PROC = Path.of("/proc");
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration CGROUP_KILL_WAIT = Duration.ofSeconds(3);
    /** How often {@link #killTree()} looks whether a killed process has died, in ms. */
    private static final long DEATH_POLL_MILLIS = 5;
    private static final String DELETED = " (deleted)";

    private final Process process;
    /** The sandbox's bwrap executable when the command runs in one, else null. */
    private final Path wrapper;
    /** The command's own process inside the sandbox, once found; guarded by {@code this}. */
    private ProcessHandle main;
    private final String marker;
    private final boolean ownGroup;
    /** The real path of the working directory when it is the tree's alone, else null. */
    private final Path confinedTo;
    /** The root's start time in clock ticks since boot (field 22 of /proc/PID/stat); -1 when unknown. */
    private final long rootStart;
    private final BoundedCapture stdout;
    private final BoundedCapture stderr;
    /** The process's stdin when it was started with a pipe kept open for {@link #sendLine}, else null. */
    private final OutputStream stdin;
    /** This tree's cgroup, or null when there is none (or no longer one); guarded by {@code this}. */
    private ProcessCgroup cgroup;
    /** Runs {@link #killTree()} if the JVM shuts down before it ran. */
    private final Thread shutdownHook = new Thread(this::killTree, "kill-managed-tree");
    /** Processes recognized as this tree's, by pid; guarded by {@code this}. */
    private final Map<Long, Known> known = new LinkedHashMap<>();

    /**
     * A process once recognized as part of this tree.
     *
     * @param handle the handle taken then (the JDK also compares its start time before a kill)
     * @param start  its start time from {@code /proc/PID/stat} (clock ticks since boot, as text),
     *               or from {@link ProcessHandle.Info#startInstant()}; null when unknown
     */
    private record Known(ProcessHandle handle, String start) {
    }

    private ManagedProcess(Process process, Path wrapper, String marker, boolean ownGroup, ProcessCgroup cgroup,
                           Path confinedTo, int maxCapturedBytes, boolean openStdin) {
        this.process = process;
        this.wrapper = wrapper;
        this.marker = marker;
        this.ownGroup = ownGroup;
        this.confinedTo = confinedTo;
        this.rootStart = ticks(startOf(process.pid()));
        this.cgroup = cgroup;
        this.stdout = new BoundedCapture(process.getInputStream(), maxCapturedBytes, "stdout-" + process.pid());
        this.stderr = new BoundedCapture(process.getErrorStream(), maxCapturedBytes, "stderr-" + process.pid());
        this.stdin = openStdin ? process.getOutputStream() : null;
    }

    /**
     * Starts {@code command}.
     *
     * @param command          the program and its arguments
     * @param workDir          the working directory
     * @param environment      variables added to the grader's environment; secrets among them are
     *                         removed like inherited ones (see {@link #isSecret(String)})
     * @param maxCapturedBytes how many bytes of the head, and of the tail, of each stream to keep
     * @return the running process
     * @throws IOException when the program cannot be started
     */
    public static ManagedProcess start(List<String> command, Path workDir, Map<String, String> environment,
                                       int maxCapturedBytes) throws IOException {
        return start(command, workDir, environment, maxCapturedBytes, null);
    }

    /**
     * Starts {@code command} and writes {@code input} to its stdin, then closes it.
     *
     * @param input bytes for stdin, or null for an empty stdin
     * @throws IOException when the program cannot be started
     * @see #start(List, Path, Map, int)
     */
    public static ManagedProcess start(List<String> command, Path workDir, Map<String, String> environment,
                                       int maxCapturedBytes, byte[] input) throws IOException {
        return start(command, workDir, environment, maxCapturedBytes, input, cgroupsWanted(), false, Confinement.NONE);
    }

    /**
     * Starts {@code command} in {@code ownDirectory}, a working directory that belongs to this tree
     * alone: processes started after it whose working directory lies there are taken for part of
     * the tree (see the class description).
     *
     * @throws IOException when the program cannot be started
     * @see #start(List, Path, Map, int, byte[])
     */
    public static ManagedProcess startConfined(List<String> command, Path ownDirectory, Map<String, String> environment,
                                               int maxCapturedBytes, byte[] input) throws IOException {
        return start(command, ownDirectory, environment, maxCapturedBytes, input, cgroupsWanted(), true, Confinement.NONE);
    }

    /**
     * Starts {@code command} in {@code ownDirectory} as {@link #startConfined(List, Path, Map, int, byte[])}
     * does, inside {@code confinement}'s sandbox when it has one.
     *
     * @throws IOException when the program (or bwrap) cannot be started
     */
    public static ManagedProcess startConfined(List<String> command, Path ownDirectory, Map<String, String> environment,
                                               int maxCapturedBytes, byte[] input, Confinement confinement)
            throws IOException {
        return start(command, ownDirectory, environment, maxCapturedBytes, input, cgroupsWanted(), true, confinement);
    }

    /**
     * Starts {@code command} as {@link #startConfined(List, Path, Map, int, byte[], Confinement)}
     * does, with its stdin a pipe that stays open: the grader talks to the command with
     * {@link #sendLine(String)} (and the command reads EOF once the tree is killed).
     *
     * @throws IOException when the program (or bwrap) cannot be started
     */
    public static ManagedProcess startConfinedWithStdin(List<String> command, Path ownDirectory,
                                                        Map<String, String> environment, int maxCapturedBytes,
                                                        Confinement confinement) throws IOException {
        return start(command, ownDirectory, environment, maxCapturedBytes, null, cgroupsWanted(), true, confinement,
                true);
    }

    /**
     * Starts {@code command}, in a cgroup of its own only if {@code useCgroup} (and the machine
     * allows it), in a confined working directory if {@code confined}. For tests: without a
     * cgroup, an escape is possible.
     */
    static ManagedProcess start(List<String> command, Path workDir, Map<String, String> environment,
                                int maxCapturedBytes, byte[] input, boolean useCgroup, boolean confined)
            throws IOException {
        return start(command, workDir, environment, maxCapturedBytes, input, useCgroup, confined, Confinement.NONE);
    }

    static ManagedProcess start(List<String> command, Path workDir, Map<String, String> environment,
                                int maxCapturedBytes, byte[] input, boolean useCgroup, boolean confined,
                                Confinement confinement) throws IOException {
        return start(command, workDir, environment, maxCapturedBytes, input, useCgroup, confined, confinement, false);
    }

    private static ManagedProcess start(List<String> command, Path workDir, Map<String, String> environment,
                                        int maxCapturedBytes, byte[] input, boolean useCgroup, boolean confined,
                                        Confinement confinement, boolean openStdin) throws IOException {
        boolean ownGroup = Files.isExecutable(SETSID);
        boolean sandboxed = confinement.active();
        List<String> full = new ArrayList<>();
        if (ownGroup) {
            full.add(SETSID.toString());
        }
        if (sandboxed) {
            String parent = "-D" + ParentWatch.PARENT_PROPERTY + "=";
            full.addAll(confinement.command(command.stream().filter(a -> !a.startsWith(parent)).toList(), workDir));
        } else {
            full.addAll(command);
        }
        String marker = UUID.randomUUID().toString();
        ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile());
        if (input == null && !openStdin) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Map<String, String> env = builder.environment();
        if (sandboxed) {
            Map<String, String> kept = new LinkedHashMap<>(confinement.environment(env));
            env.clear();
            env.putAll(kept);
        }
        env.putAll(environment);
        env.keySet().removeIf(ManagedProcess::isSecret);
        env.put(MARKER, marker);
        env.put(treeVariable(marker), "1");
        ProcessCgroup cgroup = useCgroup ? ProcessCgroup.create(marker) : null; // made first: the move follows at once
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            if (cgroup != null) {
                cgroup.remove();
            }
            throw e;
        }
        if (cgroup != null && !cgroup.add(process.pid())) {
            cgroup.remove(); // refused (say, cgroup v2 without delegation of the source): do without
            cgroup = null;
        }
        if (cgroup != null && sandboxed) {
            // bwrap forks at once, maybe before the move above: its children follow (the command
            // itself is a JVM, far from starting anything of its own yet)
            for (ProcessHandle child : process.toHandle().descendants().toList()) {
                cgroup.add(child.pid());
            }
        }
        if (input != null) {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException exitedEarly) {
                // the process ended before reading its input: its exit code tells the story
            }
        }
        ManagedProcess managed = new ManagedProcess(process,
                sandboxed ? confinement.sandbox().executable().orElseThrow() : null, marker, ownGroup, cgroup,
                confined ? workDir.toRealPath() : null, maxCapturedBytes, openStdin);
        managed.killAtShutdown();
        return managed;
    }

    /**
     * Kills the tree when the JVM that started it shuts down first (SIGTERM, SIGINT, System.exit):
     * the tree lives in a session of its own, so a signal to the grader's process group does not
     * reach it. The hook goes once {@link #killTree()} has run.
     */
    private void killAtShutdown() {
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            killTree();
        }
    }

    private static boolean cgroupsWanted() {
        return !"false".equalsIgnoreCase(System.getProperty(CGROUPS_PROPERTY));
    }

    /**
     * Whether an environment variable of this name is kept from managed processes: its name
     * matches {@code GITHUB_.*}, {@code ACTIONS_.*}, {@code RUNNER_.*} or {@code INPUT_.*}, or
     * contains {@code TOKEN}, {@code SECRET}, {@code PASSWORD} or {@code CREDENTIAL}, ignoring case.
     *
     * @param name an environment variable's name
     * @return true when the variable must not reach the submission
     */
    public static boolean isSecret(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /**
     * {@code environment} without its secrets.
     *
     * @return a copy that keeps only the variables {@link #isSecret(String)} lets through
     */
    public static Map<String, String> withoutSecrets(Map<String, String> environment) {
        return environment.entrySet().stream().filter(e -> !isSecret(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, LinkedHashMap::new));
    }

    /** The process id (in a sandbox: bwrap's; see {@link #mainPid()}). */
    public long pid() {
        return process.pid();
    }

    /**
     * The pid, as the grader sees it, of the command itself: {@link #pid()} without a sandbox; in
     * one, the first of bwrap's descendants that is not bwrap (the sandbox's PID 1 is bwrap's
     * reaper), or {@link #pid()} while the command has not started yet. Signal this one for a
     * thread dump.
     */
    public synchronized long mainPid() {
        if (wrapper == null) {
            return pid();
        }
        if (main == null) {
            ProcessHandle at = process.toHandle();
            while (at != null && isWrapper(at)) {
                at = at.children().findFirst().orElse(null);
            }
            if (at == null || !at.isAlive()) {
                return pid();
            }
            main = at;
        }
        return main.pid();
    }

    /** Whether {@code h} is bwrap (or setsid, before its exec of bwrap) of this sandboxed tree. */
    private boolean isWrapper(ProcessHandle h) {
        String command = h.info().command().orElse("");
        return command.equals(wrapper.toString()) || command.endsWith("/bwrap") || command.endsWith("/setsid");
    }

    /**
     * Whether {@code pid} is a sandbox's process the kernel is already killing: when the command
     * exits, bwrap's reaper exits and the namespace's every process dies with it, which on a loaded
     * machine can outlast bwrap itself (the process, orphaned, still exiting); not a leftover.
     */
    private boolean dyingInSandbox(long pid) {
        return wrapper != null && ProcFs.dying(pid);
    }

    /** Pids of the sandbox's own processes (bwrap, its reaper) and the command: not leftovers. */
    private Set<Long> sandboxPids() {
        Set<Long> pids = new HashSet<>();
        pids.add(pid());
        if (wrapper != null) {
            pids.add(mainPid());
            process.toHandle().descendants().filter(h -> h.pid() != mainPid() && isWrapper(h)
                    && h.parent().map(ProcessHandle::pid).filter(pp -> pp == pid()).isPresent())
                    .forEach(h -> pids.add(h.pid()));
        }
        return pids;
    }

    /**
     * Waits for the process to exit.
     *
     * @return true if it exited within {@code timeout}
     * @throws InterruptedException when the grader itself is interrupted
     */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit code; only valid after the process exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Whether the process itself is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Writes {@code line} and a newline to the process's stdin and flushes it.
     *
     * @throws IOException           when the process no longer reads its stdin (it exited)
     * @throws IllegalStateException when the process was not started with
     *                               {@link #startConfinedWithStdin}
     */
    public void sendLine(String line) throws IOException {
        send((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes} to the process's stdin and flushes it.
     *
     * @throws IOException           when the process no longer reads its stdin (it exited)
     * @throws IllegalStateException when the process was not started with
     *                               {@link #startConfinedWithStdin}
     */
    public void send(byte[] bytes) throws IOException {
        if (stdin == null) {
            throw new IllegalStateException("started without an open stdin");
        }
        stdin.write(bytes);
        stdin.flush();
    }

    /**
     * Closes the process's stdin, so that its next read sees the end of input, as with a process
     * started with fixed input. Does nothing when it is closed already or was never open.
     */
    public void closeStdin() {
        if (stdin != null) {
            try {
                stdin.close();
            } catch (IOException exited) {
                // the process no longer reads it: the end of input is what it would see anyway
            }
        }
    }

    /**
     * Waits until the process has written {@code text} to its stdout, within the first bytes kept
     * of it (see the capture limit).
     *
     * @param timeout the longest wait
     * @return true when it did; false when its stdout ended (the process exited) or the time ran out
     * @throws InterruptedException when the grader itself is interrupted
     */
    public boolean awaitStdout(String text, Duration timeout) throws InterruptedException {
        return stdout.awaitInHead(text, timeout.toMillis());
    }

    /** Standard output so far (or all of it, once the process exited and its pipe closed). */
    public CapturedOutput stdout() {
        return process.isAlive() ? stdout.snapshot() : stdout.finish(1000);
    }

    /** Standard error so far (or all of it, once the process exited and its pipe closed). */
    public CapturedOutput stderr() {
        return process.isAlive() ? stderr.snapshot() : stderr.finish(1000);
    }

    /**
     * Processes of this tree that still run (zombies do not), other than the process itself: descendants,
     * members of its cgroup, any process carrying its marker, and, when confined, any process born
     * since the root in its working directory.
     */
    public synchronized List<ProcessHandle> survivors() {
        collect();
        Set<Long> own = sandboxPids();
        return ours().stream().map(Known::handle).filter(ManagedProcess::running).filter(h -> !own.contains(h.pid()))
                .filter(h -> !dyingInSandbox(h.pid())).toList();
    }

    /**
     * Kills the process and everything it started (SIGKILL), and waits up to 5 s for them to die
     * (to end or become zombies, see {@link #awaitDead}; and up to 3 s more for the members of its
     * cgroup, if it has one), then removes its cgroup.
     * Only processes that are still this tree's are signalled (see the class description).
     *
     * @return descriptions ("pid command") of the processes other than the root that still ran
     *         and had to be killed; empty when the tree was already gone
     */
    public synchronized List<String> killTree() {
        if (cgroup != null) {
            cgroup.stopForks(); // a fork bomb in it cannot outrun the kills below
        }
        collect();
        List<String> killed = new ArrayList<>();
        Set<Long> described = new HashSet<>();
        Set<Long> own = sandboxPids();
        described.addAll(own);
        for (Known k : ours()) {
            ProcessHandle h = k.handle();
            if (running(h) && !own.contains(h.pid()) && !dyingInSandbox(h.pid())) {
                killed.add(describe(h));
                described.add(h.pid());
            }
        }
        if (ownGroup && groupIsOurs()) {
            signalGroup();
        }
        process.destroyForcibly();
        ours().forEach(k -> k.handle().destroyForcibly());
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (int round = 0; round < 3; round++) {
            collect(); // processes forked while we were killing
            List<Known> targets = ours();
            targets.forEach(k -> k.handle().destroyForcibly());
            for (Known k : targets) {
                if (!awaitDead(k.handle(), deadline)) {
                    break;
                }
            }
        }
        if (cgroup != null) {
            cgroup.killAll(CGROUP_KILL_WAIT, pid -> {
                if (pid != pid() && !dyingInSandbox(pid) && described.add(pid)) {
                    ProcessHandle.of(pid).filter(ManagedProcess::running).ifPresent(h -> killed.add(describe(h)));
                }
            }, spared());
            if (cgroup.remove()) {
                cgroup = null; // else close() or the next killTree() tries again
            }
        }
        try {
            process.waitFor(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stdout.finish(500);
        stderr.finish(500);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // this is the hook, or another one runs: either way nothing is left to remove
        }
        return killed;
    }

    /**
     * Whether {@code h} can still run: alive and not a zombie. {@link ProcessHandle#isAlive()} is
     * also true of a zombie, which has exited and only waits for its parent (or init) to reap it.
     */
    private static boolean running(ProcessHandle h) {
        return h.isAlive() && !ProcFs.zombie(h.pid());
    }

    /**
     * Waits until {@code h} has ended or is a zombie (exited, not yet reaped: it runs nothing and
     * holds no memory), looking every {@value #DEATH_POLL_MILLIS} ms, until {@code deadline}
     * ({@link System#nanoTime()}). Not {@link ProcessHandle#onExit()}: for a process that is not
     * this JVM's child (a sandboxed process, a grandchild) it looks after 300 ms, then 330 ms, and
     * so on (OpenJDK's {@code ProcessHandleImpl.completion}), and such a process, once its parent
     * has died, is a zombie until the machine's init reaps it, which took 1.4-1.9 s where these
     * figures were measured (2 cores, an init that reaps slowly). Waiting for that added as much to
     * every end of a sandboxed JVM (jcstress's, at the end of the turn alone, among them).
     *
     * @return whether time is left before {@code deadline}
     */
    private static boolean awaitDead(ProcessHandle h, long deadline) {
        while (running(h)) {
            if (deadline - System.nanoTime() <= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DEATH_POLL_MILLIS));
        }
        return deadline - System.nanoTime() > 0;
    }

    /** Same as {@link #killTree()}: kills what is left of the tree and removes its cgroup. */
    @Override
    public void close() {
        killTree();
    }

    /** The directory of this tree's cgroup, while it has one. For tests. */
    synchronized Optional<Path> cgroupDirectory() {
        return Optional.ofNullable(cgroup).map(ProcessCgroup::directory);
    }

    /**
     * Remembers {@code pid} as part of this tree with the given start time, as a look at
     * {@code /proc} would have. For tests: a wrong start time stands for a pid since reused.
     */
    synchronized void remember(long pid, String start) {
        ProcessHandle.of(pid).ifPresent(h -> known.put(pid, new Known(h, start)));
    }

    /**
     * Adds the current descendants, cgroup members, marked processes and (when confined) the
     * processes in the working directory to {@link #known}.
     */
    private void collect() {
        Set<Long> descendants = descendantPids();
        Set<Long> members = cgroup == null ? Set.of() : cgroup.members();
        Set<Long> spared = members.isEmpty() ? Set.of() : spared();
        Stream.of(descendants.stream(), members.stream().filter(pid -> !spared.contains(pid)), scannedPids().stream())
                .flatMap(s -> s).distinct().forEach(pid -> {
            String start = startOf(pid);
            Known before = known.get(pid);
            if (start != null && (before == null || !start.equals(before.start()))) {
                // new, or a pid reused since: it is ours now (a descendant, cgroup member or marked), so take it anew
                ProcessHandle.of(pid).ifPresent(h -> known.put(pid, new Known(h, start)));
            } else if (before == null) {
                ProcessHandle.of(pid).ifPresent(h -> known.put(pid, new Known(h, null)));
            }
        });
    }

    /**
     * The remembered processes that are still this tree's: their start time is unchanged since
     * they were recognized, or they carry the marker, or they are current descendants. (Members of
     * the cgroup are, besides, killed until it is empty by {@link #killTree()}.)
     */
    private List<Known> ours() {
        Set<Long> descendants = null;
        List<Known> result = new ArrayList<>();
        for (Known k : known.values()) {
            long pid = k.handle().pid();
            String now = startOf(pid);
            if (now == null && ProcFs.available()) {
                continue; // gone
            }
            if (k.start() != null && k.start().equals(now)) {
                result.add(k);
                continue;
            }
            if (descendants == null) {
                descendants = descendantPids();
            }
            if (isMarked(pid) || descendants.contains(pid) || isConfinedHere(pid)) {
                result.add(k);
            }
        }
        return result;
    }

    /** Whether the process group named after the root is still this tree's, so that it may be signalled. */
    private boolean groupIsOurs() {
        if (process.isAlive()) {
            return true; // not reaped: its pid, and so the group id, cannot have been reused
        }
        for (Known k : ours()) {
            if (Long.valueOf(pid()).equals(groupOf(k.handle().pid()))) {
                return true; // a member of ours keeps the group id from being reused
            }
        }
        return false;
    }

    /** The grader and its ancestors: never signalled, whatever cgroup a submission moved them into. */
    private static Set<Long> spared() {
        Set<Long> pids = new HashSet<>();
        for (Optional<ProcessHandle> h = Optional.of(ProcessHandle.current()); h.isPresent(); h = h.get().parent()) {
            if (!pids.add(h.get().pid())) {
                break;
            }
        }
        pids.add(1L);
        return pids;
    }

    private static String describe(ProcessHandle h) {
        return h.pid() + " " + h.info().commandLine().or(() -> h.info().command()).orElse("?");
    }

    private Set<Long> descendantPids() {
        return process.toHandle().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private void signalGroup() {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): destroyForcibly on every known process still applies
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The processes in {@code /proc} that carry this tree's marker or are confined in its directory. */
    private List<Long> scannedPids() {
        if (!ProcFs.available()) {
            return List.of();
        }
        List<Long> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> isMarked(pid) || isConfinedHere(pid))
                    .forEach(found::add);
        } catch (IOException | RuntimeException e) {
            return found;
        }
        return found;
    }

    /** Whether {@code /proc/PID/environ} holds this tree's marker or its named tree variable. */
    private boolean isMarked(long pid) {
        return ProcFs.hasEnvironmentEntry(pid, MARKER, marker) || ProcFs.hasEnvironmentEntry(pid, treeVariable(marker), "1");
    }

    /**
     * Whether the tree is confined and {@code pid}, not the grader or an ancestor of it, started
     * after the root (a later clock tick) and works in the tree's directory ({@code /proc/PID/cwd}, which
     * ends in " (deleted)" once the directory is gone).
     */
    private boolean isConfinedHere(long pid) {
        if (confinedTo == null || rootStart < 0 || pid == ProcessHandle.current().pid()) {
            return false;
        }
        try {
            String cwd = Files.readSymbolicLink(ProcFs.file(pid, "cwd")).toString();
            if (cwd.endsWith(DELETED)) {
                cwd = cwd.substring(0, cwd.length() - DELETED.length());
            }
            long start = ticks(startOf(pid));
            return Path.of(cwd).startsWith(confinedTo) && start > rootStart && !spared().contains(pid);
        } catch (IOException | RuntimeException gone) {
            return false; // exited meanwhile, or not ours to read
        }
    }

    private static long ticks(String start) {
        try {
            return start == null ? -1 : Long.parseLong(start);
        } catch (NumberFormatException notTicks) {
            return -1; // an Instant's text, off Linux
        }
    }

    private static String treeVariable(String marker) {
        return MARKER + "_" + marker.replace("-", "");
    }

    /** The start time of {@code pid} (field 22 of {@code /proc/PID/stat}), or null when it is gone. */
    private static String startOf(long pid) {
        if (!ProcFs.available()) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Object::toString).orElse(null);
        }
        return ProcFs.statFields(pid).filter(f -> f.length >= 20).map(f -> f[19]).orElse(null);
    }

    /** The process group of {@code pid} (field 5 of {@code /proc/PID/stat}), or null when unknown. */
    private static Long groupOf(long pid) {
        try {
            return ProcFs.statFields(pid).filter(f -> f.length >= 3).map(f -> Long.valueOf(f[2])).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
