package edu.concurrency.grader.batch;

import edu.concurrency.grader.gradebook.ClassSummary;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.runner.Grader;
import edu.concurrency.grader.submission.CourseClasses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.commons.io.file.PathUtils;

/**
 * Grades a class: finds its submissions, joins them with the roster, takes this run's shard, and
 * grades each submission ({@link ChildGrading}) into {@code OUT/submissions/<student>/}, {@code jobs}
 * at a time, then writes the class's files ({@link ClassOutputs}).
 *
 * <p>A submission is graded again only when it has no valid stamp ({@link Stamp#stillValid}) or
 * {@code force} is set. Its reports reach its folder only once complete: the child writes them
 * into {@code OUT/.work/<student>/}; the batch then removes the old stamp, moves each report file
 * into place (an atomic rename) and writes the new stamp (atomically) last. A batch killed at any
 * point leaves each folder either with a valid stamp and the reports it describes, or with no
 * stamp that matches, which a re-run grades again.
 */
public final class BatchRunner {
    /** The report files a grading writes, moved into the student's folder. */
    static final List<String> REPORT_FILES = List.of("report.json", "report.md", "report.html");
    /** Where the children work, inside the output folder. */
    static final String WORK = ".work";
    /** The students' folders, inside the output folder. */
    public static final String SUBMISSIONS = "submissions";

    private final BatchSettings settings;
    private final ChildGrading children;
    private final CourseClasses course;

    public BatchRunner(BatchSettings settings, ChildGrading children) {
        this.settings = settings;
        this.children = children;
        this.course = CourseClasses.bundled();
    }

    /**
     * A student of the class as this batch sees them.
     *
     * @param student    identifier
     * @param submission the submission folder, or null when missing
     * @param known      name, e-mail and section (roster first, then scores.csv), or null
     * @param onRoster   false when a roster was given and the student is not on it
     */
    record Student(String student, SubmissionFolder submission, RosterEntry known, boolean onRoster) {
    }

    /**
     * The result of a batch.
     *
     * @param summary  the class summary written
     * @param layout   the layout of the class folder
     * @param exitCode 0, or 3 when the grader itself failed on a submission
     * @param graded   submissions graded in this run (a grading run, whatever its outcome)
     * @param kept     submissions whose earlier reports were kept
     */
    public record Result(ClassSummary summary, ClassLayout layout, int exitCode, int graded, int kept) {
    }

    /**
     * The students of the class in this shard, sorted: every submission found, and every roster
     * student without one.
     */
    static List<Student> students(ClassFolders folders, Roster roster, Shard shard) {
        Map<String, Student> all = new TreeMap<>();
        for (SubmissionFolder f : folders.submissions()) {
            RosterEntry listed = roster == null ? null : roster.find(f.student()).orElse(null);
            String id = listed != null ? listed.student() : f.student();
            all.put(id.toLowerCase(Locale.ROOT), new Student(id, f, merge(listed, f.known()), roster == null || listed != null));
        }
        if (roster != null) {
            for (RosterEntry e : roster.entries()) {
                all.putIfAbsent(e.student().toLowerCase(Locale.ROOT), new Student(e.student(), null, e, true));
            }
        }
        List<Student> sorted = all.values().stream()
                .sorted(java.util.Comparator.comparing(Student::student)).toList();
        return shard.select(sorted);
    }

    /** How many students a batch lists for this shard: submissions, and roster students without one. */
    public static long studentCount(ClassFolders folders, Roster roster, Shard shard) {
        return students(folders, roster, shard).size();
    }

    private static RosterEntry merge(RosterEntry roster, RosterEntry scores) {
        if (roster == null || scores == null) {
            return roster != null ? roster : scores;
        }
        return new RosterEntry(roster.student(), first(roster.name(), scores.name()), first(roster.email(), scores.email()),
                first(roster.section(), scores.section()));
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** The folder name of a student in {@code OUT/submissions/}: the identifier, other characters than letters, digits, {@code ._@+-} as {@code _}. */
    public static String folderName(String student) {
        String safe = student.replaceAll("[^A-Za-z0-9._@+-]", "_");
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "_" + safe : safe;
    }

    /**
     * Runs the batch.
     *
     * @param folders  the class folder's submissions
     * @param progress where progress goes
     * @throws IOException          when the output folder cannot be written
     * @throws InterruptedException when the batch is interrupted
     */
    public Result run(ClassFolders folders, Progress progress) throws IOException, InterruptedException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<Student> students = students(folders, settings.roster(), settings.shard());
        Files.createDirectories(settings.out().resolve(SUBMISSIONS));
        List<GradedStudent> rows = new ArrayList<>();
        int graded = 0;
        int kept = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.jobs()), r -> {
            Thread t = new Thread(r, "batch-grading");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Done>> futures = new ArrayList<>();
            for (Student s : students) {
                if (s.submission() == null) {
                    GradedStudent missing = new GradedStudent(row(s, SubmissionStatus.MISSING,
                            "on the roster, but no submission was found", null, null), null);
                    rows.add(missing);
                    progress.finished(missing.row(), "missing", 0);
                } else {
                    futures.add(pool.submit(() -> {
                        progress.started(s.student());
                        long t = System.nanoTime();
                        Done done = gradeOne(s);
                        progress.finished(done.student().row(), done.how(), (System.nanoTime() - t) / 1e9);
                        return done;
                    }));
                }
            }
            for (Future<Done> f : futures) {
                Done done;
                try {
                    done = f.get();
                } catch (ExecutionException e) {
                    throw new IOException("a grading failed in the batch itself: " + e.getCause(), e.getCause());
                }
                rows.add(done.student());
                if ("kept".equals(done.how())) {
                    kept++;
                } else if ("graded".equals(done.how())) {
                    graded++;
                }
            }
        } finally {
            pool.shutdownNow();
            progress.close();
        }
        PathUtils.deleteDirectory(Files.createDirectories(settings.out().resolve(WORK)));
        Report.Environment environment = rows.stream().map(GradedStudent::report).filter(Objects::nonNull)
                .map(Report::environment).filter(Objects::nonNull).findFirst().orElse(null);
        ClassSummary summary = ClassSummaries.build(settings.graderVersion(), settings.rubricHash(),
                started.truncatedTo(ChronoUnit.SECONDS).toString(), ClassSummaries.round((System.nanoTime() - t0) / 1e9),
                environment, CriterionInfo.of(settings.rubric()), rows);
        ClassOutputs.write(summary, settings.out(), settings.format(), settings.assignment());
        boolean failed = rows.stream().anyMatch(g -> g.row().status() == SubmissionStatus.GRADER_ERROR);
        return new Result(summary, folders.layout(), failed ? 3 : 0, graded, kept);
    }

    /** A student done: the row and report, and how ("graded", "kept", "no-submission"). */
    private record Done(GradedStudent student, String how) {
    }

    private Done gradeOne(Student s) throws IOException, InterruptedException {
        Path folder = s.submission().folder();
        Path dir = settings.out().resolve(SUBMISSIONS).resolve(folderName(s.student()));
        GitCommit commit = GitCommit.of(folder).orElse(null);
        Fingerprints.Sources sources;
        try {
            sources = Fingerprints.sources(settings.rubric(), course, folder);
        } catch (IOException | RuntimeException unreadable) {
            return new Done(new GradedStudent(row(s, SubmissionStatus.GRADER_ERROR,
                    "cannot read the submission: " + unreadable.getMessage(), commit, null), null), "error");
        }
        if (sources.files() == 0) {
            clear(dir);
            return new Done(new GradedStudent(row(s, SubmissionStatus.NO_SUBMISSION, "no Java source file in the packages "
                    + settings.rubric().exercises().stream().map(e -> e.packagePath()).collect(Collectors.joining(", ")),
                    commit, null), null), "no-submission");
        }
        Stamp old = Stamp.read(dir).orElse(null);
        if (!settings.force() && old != null
                && old.stillValid(dir, sources.hash(), settings.rubricHash(), settings.graderVersion())) {
            Report report = ReportWriter.read(dir.resolve("report.json"));
            return new Done(new GradedStudent(row(s, old.status(), old.cause(), commit, report), report), "kept");
        }
        Path work = settings.out().resolve(WORK).resolve(folderName(s.student()));
        PathUtils.deleteDirectory(Files.createDirectories(work));
        ChildGrading.Outcome outcome = children.grade(folder, work, settings.gradeOptions());
        Path reportJson = outcome.reportDir().resolve("report.json");
        Report report = null;
        if (Files.isRegularFile(reportJson) && (outcome.exitCode() == 0 || outcome.exitCode() == 1 || outcome.exitCode() == 3)) {
            try {
                report = ReportWriter.read(reportJson);
            } catch (IOException unreadable) {
                report = null;
            }
        }
        SubmissionStatus status;
        String cause;
        if (report == null) {
            status = SubmissionStatus.GRADER_ERROR;
            cause = outcome.exitCode() == -1 ? "the grading was stopped after its time limit"
                    : "the grader ended with exit code " + outcome.exitCode() + " and no report: " + outcome.consoleTail();
        } else if (outcome.exitCode() == 3) {
            status = SubmissionStatus.GRADER_ERROR;
            cause = report.notes().isEmpty() ? outcome.consoleTail() : report.notes().get(0);
        } else {
            List<String> broken = report.criteria().stream().filter(c -> c.status() == Status.ERROR && c.feedback() != null
                    && c.feedback().startsWith(Grader.NOT_COMPILED)).map(CriterionResult::exercise).distinct().toList();
            status = broken.isEmpty() ? SubmissionStatus.GRADED : SubmissionStatus.COMPILE_ERROR;
            cause = broken.isEmpty() ? null : report.criteria().stream()
                    .filter(c -> c.feedback() != null && c.feedback().startsWith(Grader.NOT_COMPILED)).findFirst()
                    .map(c -> c.exercise() + ": " + c.feedback().substring(Grader.NOT_COMPILED.length()).lines().findFirst().orElse(""))
                    .orElse(null);
        }
        if (report != null) {
            install(outcome.reportDir(), dir, new Stamp(s.student(), sources.hash(), settings.rubricHash(),
                    settings.graderVersion(), Fingerprints.file(reportJson), status, cause,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), ClassSummaries.round(outcome.seconds())));
        } else {
            clear(dir);
        }
        PathUtils.deleteDirectory(work);
        return new Done(new GradedStudent(row(s, status, cause, commit, report), report), "graded");
    }

    /** Moves the reports of {@code from} into {@code dir}: the old stamp goes first, the new one comes last. */
    private static void install(Path from, Path dir, Stamp stamp) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(Stamp.FILE));
        for (String name : REPORT_FILES) {
            Path source = from.resolve(name);
            if (Files.isRegularFile(source)) {
                AtomicFiles.move(source, dir.resolve(name));
            } else {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
        stamp.write(dir);
    }

    /** Removes what an earlier batch left in a student's folder. */
    private static void clear(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(Stamp.FILE));
        for (String name : REPORT_FILES) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    private StudentRow row(Student s, SubmissionStatus status, String cause, GitCommit commit, Report report) {
        RosterEntry k = s.known();
        Map<String, Integer> points = new LinkedHashMap<>();
        Map<String, Status> verdicts = new LinkedHashMap<>();
        int max = CriterionInfo.of(settings.rubric()).stream().mapToInt(CriterionInfo::maxPoints).sum();
        if (report != null) {
            report.criteria().forEach(c -> {
                points.put(c.id(), c.points());
                verdicts.put(c.id(), c.status());
            });
            max = report.maxScore();
        }
        String folder = s.submission() == null ? null
                : settings.root().toAbsolutePath().normalize().relativize(s.submission().folder().toAbsolutePath().normalize())
                .toString().replace('\\', '/');
        return new StudentRow(s.student(), k == null ? null : k.name(), k == null ? null : k.email(),
                k == null ? null : k.section(), folder, commit == null ? null : commit.commit(),
                commit == null ? null : commit.time(), status, cause, s.onRoster(), report == null ? 0 : report.score(), max,
                points, verdicts, report == null ? null : SUBMISSIONS + "/" + folderName(s.student()) + "/report.html");
    }
}
