package edu.concurrency.grader.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds files the submission wrote outside its sandbox directory: snapshots (path to size and
 * modification time) of a few directories taken before and after grading, compared.
 *
 * <p>Use: {@code WriteWatch.forGrading(reportDir, submission, cwd)},
 * {@link #snapshot()} before grading, {@link #changedSince(Snapshot)} after it, and {@link
 * #note(List)} for the report. A root with more than {@value #MAX_ENTRIES} entries is not watched
 * (its snapshot would cost too much). Paths the grader writes itself are ignored: the scratch
 * directory of the run, and the files the grader's own stdout and stderr go to (a console log
 * redirected into the working directory).
 *
 * @param roots   the directories to watch
 * @param ignored paths (and everything below them) never reported
 */
public record WriteWatch(List<Root> roots, Set<Path> ignored) {
    /** The most entries recorded for one root; a larger root is left out of the comparison. */
    public static final int MAX_ENTRIES = 100_000;
    /** The most paths a note lists. */
    public static final int NOTE_PATHS = 10;

    public WriteWatch {
        roots = List.copyOf(roots);
        ignored = ignored.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * A watched directory.
     *
     * @param dir       the directory (it may not exist yet: creating it is a write)
     * @param recursive whether to look below its top level
     * @param skip      names of directories (at any depth) not looked into, for example {@code target}
     */
    public record Root(Path dir, boolean recursive, Set<String> skip) {
        public Root {
            dir = dir.toAbsolutePath().normalize();
            skip = Set.copyOf(skip);
        }
    }

    /**
     * What one entry looked like.
     *
     * @param size      size in bytes (0 for a directory)
     * @param modified  last modification time (null for a directory: entries created or deleted in
     *                  it show as entries of their own)
     * @param directory whether it is a directory
     */
    public record Stamp(long size, FileTime modified, boolean directory) {
    }

    /**
     * The state of the watched directories at one moment.
     *
     * @param entries  absolute path to stamp
     * @param tooLarge roots left out because they had more than {@value #MAX_ENTRIES} entries
     */
    public record Snapshot(Map<Path, Stamp> entries, Set<Path> tooLarge) {
        public Snapshot {
            entries = Map.copyOf(entries);
            tooLarge = Set.copyOf(tooLarge);
        }
    }

    /**
     * The watch of a grading run: the report directory (recursive), the submission directory
     * (recursive, {@code target/} left out) and the grader's working directory (top level only,
     * unless it is the system's temporary directory, where every other program and every other
     * grading on the machine creates files too), ignoring {@code scratchDir} and the grader's own
     * stdout and stderr files.
     */
    public static WriteWatch forGrading(Path reportDir, Path submissionDir, Path workingDir, Path scratchDir) {
        Set<Path> ignored = new java.util.HashSet<>(ownOutputFiles());
        ignored.add(scratchDir);
        List<Root> roots = new ArrayList<>(List.of(
                new Root(reportDir, true, Set.of()),
                new Root(submissionDir, true, Set.of("target"))));
        if (!sameDirectory(workingDir, Path.of(System.getProperty("java.io.tmpdir")))) {
            roots.add(new Root(workingDir, false, Set.of()));
        }
        return new WriteWatch(roots, ignored);
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /** The regular files this JVM's stdout and stderr go to ({@code /proc/self/fd/1} and {@code 2}), if any. */
    static Set<Path> ownOutputFiles() {
        Set<Path> files = new java.util.HashSet<>();
        for (String fd : List.of("1", "2")) {
            try {
                Path target = Files.readSymbolicLink(Path.of("/proc/self/fd", fd));
                if (target.isAbsolute() && Files.isRegularFile(target)) {
                    files.add(target);
                }
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // not Linux, or not a file: nothing to ignore
            }
        }
        return files;
    }

    /** Records every watched entry now; unreadable entries are left out. */
    public Snapshot snapshot() {
        Map<Path, Stamp> all = new HashMap<>();
        Set<Path> tooLarge = new TreeSet<>();
        for (Root root : roots) {
            Map<Path, Stamp> mine = new HashMap<>();
            if (!record(root, mine)) {
                tooLarge.add(root.dir());
                continue;
            }
            all.putAll(mine);
        }
        return new Snapshot(all, tooLarge);
    }

    /**
     * Entries created, changed or deleted since {@code before}, sorted; roots too large in either
     * snapshot are left out.
     */
    public List<Path> changedSince(Snapshot before) {
        Snapshot after = snapshot();
        Set<Path> ignored = new TreeSet<>(before.tooLarge());
        ignored.addAll(after.tooLarge());
        Set<Path> changed = new TreeSet<>();
        for (Map.Entry<Path, Stamp> e : after.entries().entrySet()) {
            if (!e.getValue().equals(before.entries().get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        for (Path p : before.entries().keySet()) {
            if (!after.entries().containsKey(p)) {
                changed.add(p);
            }
        }
        changed.removeIf(p -> ignored.stream().anyMatch(p::startsWith));
        changed.removeIf(p -> this.ignored.stream().anyMatch(p::startsWith));
        return new ArrayList<>(changed);
    }

    /**
     * The report note for {@code changed}: "the submission wrote files outside its sandbox
     * directory: PATHS (N in all)", listing at most {@value #NOTE_PATHS} paths.
     *
     * @return the note, or empty when nothing changed
     */
    public static Optional<String> note(List<Path> changed) {
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the submission wrote files outside its sandbox directory: "
                + changed.stream().limit(NOTE_PATHS).map(Path::toString).collect(Collectors.joining(", "))
                + " (" + changed.size() + " in all)");
    }

    /** Records {@code root} into {@code into}; false when it has too many entries. */
    private static boolean record(Root root, Map<Path, Stamp> into) {
        if (!Files.exists(root.dir(), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        into.put(root.dir(), new Stamp(0, null, true));
        if (!root.recursive()) {
            try (Stream<Path> entries = Files.list(root.dir())) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    stamp(p).ifPresent(s -> into.put(p, s));
                    if (into.size() > MAX_ENTRIES) {
                        return false;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // unreadable: nothing to compare
            }
            return true;
        }
        try {
            Files.walkFileTree(root.dir(), EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (!dir.equals(root.dir()) && root.skip().contains(dir.getFileName().toString())) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            into.put(dir, new Stamp(0, null, true));
                            return into.size() > MAX_ENTRIES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            into.put(file, new Stamp(attrs.size(), attrs.lastModifiedTime(), false));
                            return into.size() > MAX_ENTRIES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            // unreadable: what was recorded stands
        }
        return into.size() <= MAX_ENTRIES;
    }

    private static Optional<Stamp> stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return Optional.of(a.isDirectory() ? new Stamp(0, null, true) : new Stamp(a.size(), a.lastModifiedTime(), false));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
