package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.patch.VerifyChunk;
import com.github.difflib.unifieddiff.UnifiedDiff;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import edu.concurrency.grader.process.ProcFs;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.PhaseTiming;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.runner.Grader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * Runs the packaged grader ({@code java -jar concurrency-grader.jar grade ...}) as a student or
 * CI would, and reads its {@code report.json}.
 *
 * <p>The grader runs with a small heap ({@value #GRADER_HEAP}), so a submission that prints
 * or writes without bound cannot pass by growing the grader's memory. Every grading carries an
 * environment variable {@value #TAG} with a value of its own, which the grader's forked JVMs and
 * whatever they start inherit (outside the sandbox: bwrap passes on only what the JVM needs);
 * {@link #survivors()} looks for it in {@code /proc/PID/environ}, from outside the grader, after
 * the grader has exited, and also for every descendant of the grader seen while it ran (looked
 * for every {@value #WATCH_MILLIS} ms), which finds what outlived a sandboxed grading.
 *
 * @param report   the report written
 * @param exitCode the grader's exit code
 * @param console  what the grader printed
 * @param seconds  wall time of the run
 * @param tag      the value of {@value #TAG} of this grading
 * @param seen     the grader's descendants seen while it ran
 * @param workingFileKept whether {@value #WORKING_FILE}, which the test puts into the grader's
 *                 working directory before the grading, was still there after it
 */
record GradingRun(Report report, int exitCode, String console, double seconds, String tag, List<ProcessHandle> seen,
                  boolean workingFileKept) {
    /** A file of the grader's own working directory, which no submission may delete or change. */
    static final String WORKING_FILE = "grader-working-file.txt";
    /** How often the grader's descendants are looked at while it runs, in ms. */
    static final long WATCH_MILLIS = 100;
    /** How long a descendant seen during the grading may take to end once the grader has exited, in ms. */
    static final long DYING_MILLIS = 3000;

    GradingRun {
        seen = List.copyOf(seen);
    }

    /** A run known only by its tag (a batch's gradings, say). */
    GradingRun(Report report, int exitCode, String console, double seconds, String tag) {
        this(report, exitCode, console, seconds, tag, List.of(), true);
    }

    /** The environment variable that tags the processes of one grading. */
    static final String TAG = "CONCURRENCY_GRADER_IT_TAG";
    /** The grader's own heap limit in the ITs. */
    static final String GRADER_HEAP = "-Xmx256m";

    /** The repository root (system property {@code repo.root}, set by the build). */
    static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * The ids of the bundled rubric's exercises, in rubric order; only those named in the system
     * property {@code grading.exercise} (comma-separated ids) when it is set, for a targeted run such
     * as {@code -Dit.test=ExerciseGradingIT -Dgrading.exercise=queue}.
     *
     * @throws IllegalArgumentException when the property names an exercise the rubric does not have
     */
    static List<String> exercises() {
        return exercises(Rubric.loadDefault().exercises().stream().map(Exercise::id).toList(),
                listProperty("grading.exercise"));
    }

    /**
     * The exercise ids of {@code ids} that {@code only} names, in the order of {@code ids}; all of them
     * for an empty {@code only}.
     *
     * @throws IllegalArgumentException when {@code only} names an id {@code ids} does not hold
     */
    static List<String> exercises(List<String> ids, List<String> only) {
        List<String> unknown = only.stream().filter(id -> !ids.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("grading.exercise names " + unknown + ", not exercises of the rubric " + ids);
        }
        return ids.stream().filter(id -> only.isEmpty() || only.contains(id)).toList();
    }

    /**
     * The buggy test submissions of an exercise: the folders of {@code grader/src/test/submissions/EXERCISE/}, sorted;
     * only those named in the system property {@code grading.variants} (comma-separated folder names) when it is
     * set, for a targeted run such as {@code -Dit.test=ExerciseGradingIT -Dgrading.variants=if-not-while}.
     */
    static List<Path> variants(String exercise) throws IOException {
        List<String> only = listProperty("grading.variants");
        try (Stream<Path> dirs = Files.list(repoRoot().resolve("grader/src/test/submissions").resolve(exercise))) {
            return dirs.filter(Files::isDirectory).filter(d -> only.isEmpty() || only.contains(d.getFileName().toString()))
                    .sorted().toList();
        }
    }

    /** The comma-separated values of a system property, stripped; empty when it is not set. */
    private static List<String> listProperty(String name) {
        return Arrays.stream(System.getProperty(name, "").split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** The packaged grader (system property {@code grader.jar}, set by the build). */
    static Path graderJar() {
        return Path.of(System.getProperty("grader.jar", "target/concurrency-grader.jar")).toAbsolutePath();
    }

    /** Grades {@code submission} with the packaged grader and extra arguments. */
    static GradingRun grade(Path submission, Path reportDir, String... args) throws IOException, InterruptedException {
        return grade(List.of(), submission, reportDir, args);
    }

    /**
     * Grades {@code submission} with the packaged grader, whose JVM gets {@code jvmOptions} (after
     * {@value #GRADER_HEAP}), and extra arguments.
     */
    static GradingRun grade(List<String> jvmOptions, Path submission, Path reportDir, String... args)
            throws IOException, InterruptedException {
        // C1 only for the grader's own JVM, as batch starts it (it never runs the submission's code)
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), GRADER_HEAP, "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", graderJar().toString(), "grade", submission.toString(),
                "--report-dir", reportDir.toString()));
        command.addAll(List.of(args));
        Path console = Files.createTempFile("grader-console", ".txt");
        // a working directory of its own, so that what a submission writes into the grader's
        // working directory (hostile entry 20) does not land in the checkout
        Path workingDirectory = Files.createTempDirectory("grader-cwd");
        Path workingFile = Files.writeString(workingDirectory.resolve(WORKING_FILE), "the grader's own file");
        long start = System.nanoTime();
        String tag = UUID.randomUUID().toString();
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(console.toFile());
        builder.environment().put(TAG, tag);
        Process process = builder.start();
        List<ProcessHandle> seen = new ArrayList<>();
        if (!waitWatching(process, Duration.ofMinutes(10), seen)) {
            process.destroyForcibly();
            throw new AssertionError("the grader did not finish within 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String text = Files.readString(console, StandardCharsets.UTF_8);
        Files.delete(console);
        boolean workingFileKept = Files.isRegularFile(workingFile)
                && Files.readString(workingFile).equals("the grader's own file");
        PathUtils.deleteDirectory(workingDirectory);
        return new GradingRun(ReportWriter.read(reportDir.resolve("report.json")), process.exitValue(), text, seconds, tag,
                seen, workingFileKept);
    }

    /** The text of every file below {@code dir}, one after the other (what a secret must not be found in). */
    static String everyFile(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return all.toString();
    }

    /**
     * Waits for {@code process} to end, adding every descendant of it seen meanwhile (looked for
     * every {@value #WATCH_MILLIS} ms) to {@code seen}, for {@link #survivors()}.
     *
     * @return whether it ended within {@code limit}
     * @throws InterruptedException when the test is interrupted
     */
    static boolean waitWatching(Process process, Duration limit, List<ProcessHandle> seen) throws InterruptedException {
        Map<Long, ProcessHandle> byPid = new LinkedHashMap<>();
        seen.forEach(h -> byPid.put(h.pid(), h));
        long until = System.nanoTime() + limit.toNanos();
        boolean ended;
        while (!(ended = process.waitFor(WATCH_MILLIS, TimeUnit.MILLISECONDS)) && System.nanoTime() - until < 0) {
            process.toHandle().descendants().forEach(h -> byPid.putIfAbsent(h.pid(), h));
        }
        seen.clear();
        seen.addAll(byPid.values());
        return ended;
    }

    /**
     * Wall time of the run less the time the grader waited for other gradings on this machine
     * (the report's {@link Grader#WAITING_PHASE}), in seconds: what the submission itself cost,
     * to compare with a bound while the ITs run gradings side by side.
     */
    double ownSeconds() {
        long waited = report.phases().stream().filter(p -> Grader.WAITING_PHASE.equals(p.phase()))
                .mapToLong(PhaseTiming::millis).sum();
        return seconds - waited / 1000.0;
    }

    /**
     * What the grading lost, for assertion messages: {@code title}, then each criterion not passed
     * with its status and feedback, then the report's notes.
     */
    String story(String title) {
        return title + "\n" + report.criteria().stream().filter(c -> c.status() != Status.PASSED)
                .map(c -> c.id() + " " + c.status().label() + ": " + c.feedback())
                .collect(Collectors.joining("\n")) + "\nnotes: " + report.notes();
    }

    /**
     * Asserts that the grading lost every criterion of {@code loses} (but those this runner
     * skipped) and nothing outside {@code loses} and {@code mayLose}, and that each lost
     * criterion says why.
     *
     * @return the criteria lost
     */
    Set<String> assertLost(Set<String> loses, Set<String> mayLose, String story) {
        List<CriterionResult> criteria = report.criteria();
        Set<String> lost = lost(criteria);
        assertThat(lost).as(story).containsAll(without(loses, notJudgedHere(criteria, loses)));
        assertThat(lost).as(story + "\ncriteria the submission does not break keep their points")
                .allMatch(id -> loses.contains(id) || mayLose.contains(id));
        assertThat(criteria).filteredOn(c -> c.status() != Status.PASSED).as(story + "\nevery criterion not passed says why")
                .allSatisfy(c -> assertThat(c.feedback()).isNotBlank());
        return lost;
    }

    /** The feedback and details of the criteria in {@code ids}, lower case. */
    String feedbackOf(Set<String> ids) {
        return report.criteria().stream().filter(c -> ids.contains(c.id()))
                .map(c -> c.feedback() + "\n" + String.join("\n", c.details())).collect(Collectors.joining("\n"))
                .toLowerCase();
    }

    /**
     * The criteria a grading lost: failed or error. A criterion skipped because this runner could
     * not judge it (a performance criterion on a busy or 1-core machine) is neither lost nor kept.
     */
    static Set<String> lost(List<CriterionResult> criteria) {
        return criteria.stream().filter(c -> c.status() == Status.FAILED || c.status() == Status.ERROR)
                .map(CriterionResult::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The skipped criteria of a grading; those among {@code expectedLosses} are printed as a
     * warning: this run could not show that the grader catches them.
     */
    static Set<String> notJudgedHere(List<CriterionResult> criteria, Set<String> expectedLosses) {
        Set<String> skipped = criteria.stream().filter(c -> c.status() == Status.SKIPPED)
                .map(CriterionResult::id).collect(Collectors.toCollection(TreeSet::new));
        Set<String> unproven = new TreeSet<>(skipped);
        unproven.retainAll(expectedLosses);
        if (!unproven.isEmpty()) {
            System.out.println("WARNING: skipped on this runner, so not proven caught in this run: " + unproven);
        }
        return skipped;
    }

    /** {@code all} without {@code some}. */
    static Set<String> without(Set<String> all, Set<String> some) {
        Set<String> rest = new TreeSet<>(all);
        rest.removeAll(some);
        return rest;
    }

    /**
     * Processes of this grading still running after the grader exited, seen from outside: every
     * process whose environment holds this grading's tag, and every descendant of the grader seen
     * while it ran that has not ended within {@value #DYING_MILLIS} ms (a sandbox's processes die
     * with its PID namespace, which the kernel tears down as the grader exits), zombies excepted
     * ({@code pid command}).
     */
    List<String> survivors() {
        List<String> alive = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DYING_MILLIS);
        for (ProcessHandle h : seen) {
            try {
                // the handle compares the start time: a pid reused since is not this process
                h.onExit().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillRunning) {
                if (h.isAlive() && !ProcFs.zombie(h.pid())) {
                    alive.add(h.pid() + " " + h.info().commandLine().orElse("?"));
                }
            } catch (ExecutionException | InterruptedException e) {
                throw new IllegalStateException("cannot wait for " + h.pid(), e);
            }
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (ProcFs.hasEnvironmentEntry(pid, TAG, tag) && !ProcFs.zombie(pid)
                        && alive.stream().noneMatch(a -> a.startsWith(pid + " "))) {
                    alive.add(pid + " " + String.join(" ", ProcFs.arguments(pid)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        return alive;
    }

    /**
     * Processes still running whose command line mentions {@code dir}: seen from outside, these
     * catch a process that cleared its environment (and so lost the tag) but still works on the
     * submission's or the report's files ({@code pid command}).
     */
    static List<String> runningMentioning(Path dir) {
        String needle = dir.toAbsolutePath().toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(h -> h.pid() != self)
                .filter(h -> h.info().commandLine().map(c -> c.contains(needle)).orElse(false))
                .filter(h -> ProcFs.state(h.pid()).isPresent() && !ProcFs.zombie(h.pid()))
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
    }

    /**
     * Live processes (zombies excepted) that have {@code argument} as one of their arguments in
     * {@code /proc/PID/cmdline}: found from outside whatever their environment, session or directory.
     */
    static List<ProcessHandle> runningWithArgument(String argument) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(h -> h.pid() != self)
                .filter(h -> ProcFs.arguments(h.pid()).stream().skip(1).anyMatch(argument::equals))
                .filter(h -> ProcFs.state(h.pid()).isPresent() && !ProcFs.zombie(h.pid())).toList();
    }

    /** The file of a variant that holds its changes to the reference solution, a unified diff. */
    private static final String PATCH = "changes.patch";
    /** What the failures of a patch tell to do. */
    private static final String REGENERATE =
            "regenerate it with grader/src/test/submissions/make-patch.sh (see the README.md there)";
    private static final String DEV_NULL = "/dev/null";
    /** Stands for a character the patch reader must not see: followed by its 4 hex digits. */
    private static final char ESCAPE = '\u0001';
    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,(\\d+))? \\+\\d+(?:,(\\d+))? @@");

    /**
     * A submission made of the reference solution with a buggy variant laid over it: a copy of
     * {@code solutions/src}, then the variant's {@code changes.patch} applied to it (a unified diff
     * against the reference, paths {@code a/src/...} and {@code b/src/...}, new files from
     * {@code /dev/null}, deleted ones to it; see {@code grader/src/test/submissions/README.md}), then
     * the files of the variant's {@code src/}, if it has one, copied over the result (a variant
     * may add whole new files either way). A variant may have either or both.
     *
     * @return the submission directory (a module laid out like {@code exercises/})
     * @throws IllegalStateException if {@code changes.patch} does not apply to the reference as it
     *                               is now: the message names the variant and the file, and says to
     *                               regenerate the patch
     */
    static Path overlay(Path variant, Path into) throws IOException {
        Path solution = repoRoot().resolve("solutions");
        copyTree(solution.resolve("src"), into.resolve("src"));
        Path patch = variant.resolve(PATCH);
        if (Files.isRegularFile(patch)) {
            applyPatch(variant, patch, into);
        }
        if (Files.isDirectory(variant.resolve("src"))) {
            copyTree(variant.resolve("src"), into.resolve("src"));
        }
        return into;
    }

    /**
     * Applies a variant's patch, file by file, with java-diff-utils: every hunk must match the
     * reference exactly where it says (context lines included, no fuzz, no offset).
     *
     * <p>The patch reader decodes its input with the platform's default charset, which on JDK 17
     * depends on the locale (often US-ASCII in CI), and splits lines at a lone CR as well: so the
     * patch is handed over as ASCII, with every other character (and CR) written as
     * {@link #ESCAPE} and 4 hex digits, and the reference's lines are escaped the same way before
     * the patch is applied to them; the result is unescaped. The reader keeps only one flag for
     * "\ No newline at end of file", not which side it is about: {@link #missingFinalNewlines}
     * reads that from the text.
     */
    private static void applyPatch(Path variant, Path patch, Path into) throws IOException {
        String where = variantName(variant) + "/" + PATCH;
        String text;
        try {
            text = Files.readString(patch, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw refused(where + " is not UTF-8 text; " + REGENERATE, e);
        }
        UnifiedDiff diff;
        try {
            diff = UnifiedDiffReader.parseUnifiedDiff(
                    new ByteArrayInputStream(escape(text).getBytes(StandardCharsets.US_ASCII)));
        } catch (RuntimeException e) { // UnifiedDiffParserException among others
            throw refused(where + " is not a unified diff (" + e + "); " + REGENERATE, e);
        }
        if (diff.getFiles().isEmpty()) {
            throw refused(where + " changes no file; " + REGENERATE, null);
        }
        Map<String, Set<Character>> noNewline = missingFinalNewlines(text);
        Path root = into.toAbsolutePath().normalize();
        for (UnifiedDiffFile file : diff.getFiles()) {
            applyFile(where, file, root, noNewline);
        }
    }

    private static void applyFile(String where, UnifiedDiffFile file, Path root, Map<String, Set<Character>> noNewline)
            throws IOException {
        String from = file.getFromFile() == null ? null : unescape(file.getFromFile());
        String to = file.getToFile() == null ? null : unescape(file.getToFile());
        boolean created = DEV_NULL.equals(from) || file.getNewFileMode() != null;
        boolean deleted = DEV_NULL.equals(to) || file.getDeletedFileMode() != null;
        String path = deleted ? from : to;
        if (path == null || DEV_NULL.equals(path) || created && deleted) {
            throw refused(where + " has a file without a usable name (" + from + " -> " + to + "); " + REGENERATE, null);
        }
        if (!created && !deleted && !path.equals(from) || file.getRenameFrom() != null || file.getCopyFrom() != null
                || file.getBinaryAdded() != null || file.getBinaryDeleted() != null || file.getBinaryEdited() != null) {
            throw refused(where + ": " + path + ": renames, copies and binary files are not supported; " + REGENERATE, null);
        }
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw refused(where + " names " + path + ", outside the submission; " + REGENERATE, null);
        }
        String what = where + " " + (created ? "creates " : deleted ? "deletes " : "changes ") + path;
        List<String> original;
        boolean finalNewline;
        if (created) {
            if (Files.exists(target)) {
                throw refused(what + ", which the reference solution has now; " + REGENERATE, null);
            }
            original = List.of();
            finalNewline = true;
        } else {
            if (!Files.isRegularFile(target)) {
                throw refused(what + ", which the reference solution does not have (any more); " + REGENERATE, null);
            }
            String content = Files.readString(target, StandardCharsets.UTF_8);
            finalNewline = content.isEmpty() || content.endsWith("\n");
            original = new ArrayList<>();
            for (String line : content.split("\n", -1)) {
                original.add(escape(line));
            }
            original.remove(original.size() - 1); // after the last line break, or the whole of an empty file
            if (!finalNewline) {
                original.add(escape(content.substring(content.lastIndexOf('\n') + 1)));
            }
        }
        Set<Character> sides = noNewline.getOrDefault(path, Set.of());
        List<AbstractDelta<String>> deltas = file.getPatch().getDeltas();
        boolean touchesEnd = !deltas.isEmpty() && deltas.get(deltas.size() - 1).getSource().last() + 1 >= original.size();
        if (!created && touchesEnd && sides.contains('-') == finalNewline) {
            throw refused(what + ", but it does not apply to the reference solution's file any more (the patch expects "
                    + (finalNewline ? "no line break" : "a line break") + " at its end); " + REGENERATE, null);
        }
        List<String> patched;
        try {
            patched = DiffUtils.patch(original, file.getPatch());
        } catch (PatchFailedException | RuntimeException e) {
            throw refused(what + ", but it does not apply to the reference solution's file any more ("
                    + e.getMessage() + failedHunks(deltas, original) + "); " + REGENERATE, e);
        }
        if (deleted) {
            if (!patched.isEmpty()) {
                throw refused(what + ", but the reference solution's file has more lines than the patch removes; "
                        + REGENERATE, null);
            }
            Files.delete(target);
            return;
        }
        boolean newline = sides.contains('+') ? false : sides.contains('-') || finalNewline;
        StringBuilder out = new StringBuilder();
        for (String line : patched) {
            out.append(unescape(line)).append('\n');
        }
        if (!newline && out.length() > 0) {
            out.setLength(out.length() - 1);
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, out, StandardCharsets.UTF_8);
    }

    /** Where the hunks that do not match the reference's file start, e.g. {@code "; its hunks at lines 40, 162 ..."}. */
    private static String failedHunks(List<AbstractDelta<String>> deltas, List<String> original) {
        List<Integer> lines = new ArrayList<>();
        for (AbstractDelta<String> delta : deltas) {
            try {
                if (delta.getSource().verifyChunk(original) != VerifyChunk.OK) {
                    lines.add(delta.getSource().getPosition() + 1);
                }
            } catch (PatchFailedException e) {
                lines.add(delta.getSource().getPosition() + 1);
            }
        }
        return lines.isEmpty() ? "" : "; its hunks at lines " + lines.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " do not match the file there";
    }

    /** {@code exercise/variant}, as the failures of a patch name a variant. */
    private static String variantName(Path variant) {
        Path absolute = variant.toAbsolutePath().normalize();
        return absolute.getParent() == null ? absolute.toString()
                : absolute.getParent().getFileName() + "/" + absolute.getFileName();
    }

    private static IllegalStateException refused(String message, Exception cause) {
        return new IllegalStateException(message, cause);
    }

    /** {@code text} in ASCII without CR and {@link #ESCAPE}: any other character as the escape and 4 hex digits. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ESCAPE || c == '\r' || c > 0x7e) {
                out.append(ESCAPE).append(String.format("%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String unescape(String text) {
        if (text.indexOf(ESCAPE) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ESCAPE && i + 4 < text.length()) {
                out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Per file of a patch (its path in the submission): the sides that end without a line break,
     * {@code '-'} the reference's file, {@code '+'} the patched one. A "\ No newline at end of
     * file" line is about the line before it: a removed line, an added one, or a context line (both).
     */
    private static Map<String, Set<Character>> missingFinalNewlines(String text) {
        Map<String, Set<Character>> sides = new HashMap<>();
        String from = null;
        String path = null;
        int oldLeft = 0;
        int newLeft = 0;
        char last = 0;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("\\")) {
                if (path != null && last != 0) {
                    Set<Character> these = sides.computeIfAbsent(path, p -> new HashSet<>());
                    if (last != '+') {
                        these.add('-');
                    }
                    if (last != '-') {
                        these.add('+');
                    }
                }
                continue;
            }
            if (oldLeft > 0 || newLeft > 0) {
                last = line.isEmpty() ? ' ' : line.charAt(0);
                if (last != '-') {
                    newLeft--;
                }
                if (last != '+') {
                    oldLeft--;
                }
                continue;
            }
            last = 0;
            Matcher hunk = HUNK.matcher(line);
            if (line.startsWith("--- ")) {
                from = fileName(line);
            } else if (line.startsWith("+++ ")) {
                path = fileName(line);
                if (DEV_NULL.equals(path)) {
                    path = from;
                }
            } else if (hunk.find()) {
                oldLeft = hunk.group(1) == null ? 1 : Integer.parseInt(hunk.group(1));
                newLeft = hunk.group(2) == null ? 1 : Integer.parseInt(hunk.group(2));
            }
        }
        return sides;
    }

    /** The path of a {@code ---} or {@code +++} line, as the patch reader takes it. */
    private static String fileName(String line) {
        return line.substring(4).split("\t")[0].replaceFirst("^(a|b|old|new)/", "").trim();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * What a buggy variant's {@code expected.yaml} says.
     *
     * @param bug     what the student did
     * @param hazard  the hazard its feedback should name
     * @param loses   criteria that must fail
     * @param mayLose criteria that may fail too (coupled to the bug)
     */
    /**
     * A variant's {@code expected.yaml}; {@code interleaving}, when set, names the submission's
     * source file (e.g. {@code BoundedBuffer.java}) whose lines the model checker's interleaving
     * must show in a lost criterion.
     */
    record Expected(String bug, String hazard, Set<String> loses, Set<String> mayLose, String interleaving) {
        Expected {
            mayLose = mayLose == null ? Set.of() : Set.copyOf(mayLose);
            loses = Set.copyOf(loses);
        }

        static Expected read(Path variant) throws IOException {
            return new ObjectMapper(new YAMLFactory()).readValue(variant.resolve("expected.yaml").toFile(), Expected.class);
        }
    }
}
