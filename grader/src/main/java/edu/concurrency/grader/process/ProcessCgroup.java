package edu.concurrency.grader.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * A cgroup of its own for one managed process tree, when the machine allows it: a process cannot
 * leave its cgroup by {@code setsid}, a double fork or clearing its environment, and its children
 * are born in it (kernel documentation, {@code Documentation/admin-guide/cgroup-v1/pids.rst} and
 * {@code Documentation/admin-guide/cgroup-v2.rst}).
 *
 * <p>With the cgroup v1 pids controller mounted at {@code /sys/fs/cgroup/pids} it is
 * {@code /sys/fs/cgroup/pids/<the current process's pids cgroup>/concurrency-grader-<marker>};
 * with cgroup v2 ({@code /sys/fs/cgroup/cgroup.controllers}) a leaf
 * {@code /sys/fs/cgroup/<the current process's cgroup>/concurrency-grader-<marker>}, which needs a
 * delegated subtree. Either way it nests below the cgroup of a grader that itself runs in one.
 * {@link #create(String)} gives null whenever anything fails: the caller then does without.
 */
final class ProcessCgroup {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final Path PIDS_V1 = ROOT.resolve("pids");
    private static final Path SELF = Path.of("/proc/self/cgroup");
    private static final String PROCS = "cgroup.procs";
    private static final Duration REMOVE_WAIT = Duration.ofSeconds(1);

    private final Path dir;

    private ProcessCgroup(Path dir) {
        this.dir = dir;
    }

    /** A new, empty cgroup named after {@code marker}, or null when none can be made here. */
    static ProcessCgroup create(String marker) {
        try {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                    || !Files.isReadable(SELF)) {
                return null;
            }
            List<String> lines = Files.readAllLines(SELF, StandardCharsets.UTF_8);
            ProcessCgroup made = null;
            if (Files.isRegularFile(PIDS_V1.resolve(PROCS))) {
                made = make(PIDS_V1, ownPath(lines, true), marker);
            }
            if (made == null && Files.isRegularFile(ROOT.resolve("cgroup.controllers"))) {
                made = make(ROOT, ownPath(lines, false), marker);
            }
            return made;
        } catch (IOException | RuntimeException unavailable) {
            return null;
        }
    }

    /** The cgroup's directory. */
    Path directory() {
        return dir;
    }

    /**
     * Moves {@code pid} into the cgroup.
     *
     * @return false when the kernel refused (no permission, the process is gone, ...)
     */
    boolean add(long pid) {
        return write(dir.resolve(PROCS), Long.toString(pid));
    }

    /** The processes in this cgroup and in every cgroup below it. */
    Set<Long> members() {
        Set<Long> pids = new LinkedHashSet<>();
        for (Path group : groups()) {
            try {
                for (String line : Files.readAllLines(group.resolve(PROCS), StandardCharsets.US_ASCII)) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.trim()));
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // removed meanwhile
            }
        }
        return pids;
    }

    /**
     * Kills every process in the cgroup and below (SIGKILL), again and again, until none is left or
     * {@code timeout} passed. Forks are stopped first where the kernel offers it ({@code pids.max}
     * 0; cgroup v2's {@code cgroup.kill}).
     *
     * @param beforeKill told each pid (once) before it is first signalled
     * @param spare      pids never to signal (the grader and its ancestors)
     * @return true when the cgroup and those below it are empty
     */
    boolean killAll(Duration timeout, LongConsumer beforeKill, Set<Long> spare) {
        stopForks();
        Set<Long> seen = new LinkedHashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean killedByKernel = false;
        while (true) {
            Set<Long> members = members();
            boolean spareInside = members.removeAll(spare);
            if (members.isEmpty()) {
                return true;
            }
            for (long pid : members) {
                if (seen.add(pid)) {
                    beforeKill.accept(pid);
                }
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (!killedByKernel && !spareInside) {
                killedByKernel = write(dir.resolve("cgroup.kill"), "1"); // cgroup v2, Linux 5.14+
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            pause(10);
        }
    }

    /**
     * Makes every fork in the cgroup (and below) fail, where the pids controller is there: a
     * {@code pids.max} below {@code pids.current} stops new processes only (pids.rst).
     */
    void stopForks() {
        for (Path group : groups()) {
            write(group.resolve("pids.max"), "0");
        }
    }

    /**
     * Removes the cgroups below this one (bottom-up) and this one, retrying briefly while the
     * kernel reports them busy.
     *
     * @return true when the directory is gone
     */
    boolean remove() {
        long deadline = System.nanoTime() + REMOVE_WAIT.toNanos();
        while (true) {
            List<Path> groups = groups();
            Collections.reverse(groups);
            for (Path group : groups) {
                try {
                    Files.deleteIfExists(group);
                } catch (IOException | RuntimeException busy) {
                    // still populated: retried below
                }
            }
            if (!Files.exists(dir)) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            pause(20);
        }
    }

    /** This cgroup and all below it, parents before children. */
    private List<Path> groups() {
        List<Path> found = new ArrayList<>();
        addGroups(dir, found);
        return found;
    }

    private static void addGroups(Path group, List<Path> found) {
        if (!Files.isDirectory(group)) {
            return;
        }
        found.add(group);
        List<Path> children;
        try (Stream<Path> entries = Files.list(group)) {
            children = entries.filter(Files::isDirectory).toList();
        } catch (IOException | RuntimeException gone) {
            return;
        }
        children.forEach(child -> addGroups(child, found));
    }

    private static ProcessCgroup make(Path mount, String own, String marker) {
        if (own == null) {
            return null;
        }
        Path parent = mount.resolve(own.replaceFirst("^/+", "")).normalize();
        if (!parent.startsWith(mount) || !Files.isDirectory(parent)) {
            return null; // a path from another cgroup namespace, or not mounted here
        }
        Path dir = parent.resolve("concurrency-grader-" + marker);
        try {
            Files.createDirectory(dir);
        } catch (IOException | RuntimeException refused) {
            return null; // read-only, no permission, no delegation
        }
        if (!Files.isRegularFile(dir.resolve(PROCS))) { // a plain directory, not a cgroup file system
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // nothing more to do
            }
            return null;
        }
        return new ProcessCgroup(dir);
    }

    /**
     * The current process's cgroup path from {@code /proc/self/cgroup}: the v1 line naming the
     * pids controller ({@code N:...,pids,...:/path}), or the v2 line ({@code 0::/path}).
     */
    private static String ownPath(List<String> lines, boolean v1Pids) {
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            boolean match = v1Pids
                    ? List.of(parts[1].split(",")).contains("pids")
                    : parts[0].equals("0") && parts[1].isEmpty();
            if (match) {
                return parts[2].trim();
            }
        }
        return null;
    }

    private static boolean write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            return true;
        } catch (IOException | RuntimeException refused) {
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
