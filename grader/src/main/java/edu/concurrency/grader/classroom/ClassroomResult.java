package edu.concurrency.grader.classroom;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.submission.SubmissionSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The result of a grading run in the shape GitHub Classroom's {@code autograding-grading-reporter}
 * reads from the {@code <RUNNER-ID>_RESULTS} environment variable: base64 of
 * {@code {"version":1,"status":"pass|fail|error","max_score":N,"tests":[...]}}, one test per
 * criterion with its partial {@code score} (the reporter sums them), plus an {@code integrity}
 * entry worth 0 points when the submission is a template copy with a tamper manifest.
 *
 * <p>Hidden criteria keep their score but lose every word: their name is "Hidden criterion N",
 * and message, test code and file are empty. Messages are cut so that the encoded result stays
 * below {@value #MAX_ENCODED_CHARS} characters: well under 100 KB, and under Linux's limit of
 * 128 KiB for one environment variable, which the reporter's step receives it in.
 *
 * @param version   always 1
 * @param status    {@code pass} (full marks, protected files intact), {@code fail}, or {@code error}
 *                  (the grader itself failed)
 * @param maxScore  points available on this runner (skipped criteria are not counted)
 * @param tests     one entry per criterion, then the integrity entry
 */
@JsonPropertyOrder({"version", "status", "max_score", "tests"})
public record ClassroomResult(int version, String status, @JsonProperty("max_score") int maxScore, List<Test> tests) {

    /** Upper bound of the base64 result, in characters (= bytes). */
    public static final int MAX_ENCODED_CHARS = 60_000;
    /** The base64 result, in the report directory. */
    public static final String ENCODED_FILE = "classroom-result.b64";
    /** The same result as plain JSON, in the report directory. */
    public static final String JSON_FILE = "classroom-result.json";
    /** The step output the reporter reads: {@code steps.<id>.outputs.result}. */
    public static final String OUTPUT_NAME = "result";
    /** Successive limits on one message, in characters, until the result fits. */
    private static final int[] MESSAGE_LIMITS = {4000, 2000, 1000, 500, 250, 120, 0};

    private static final ObjectMapper JSON = new ObjectMapper();

    public ClassroomResult {
        tests = List.copyOf(tests);
    }

    /**
     * One test of the result.
     *
     * @param name     what the reporter prints next to the check mark
     * @param status   {@code pass}, {@code fail} or {@code error}
     * @param score    points earned
     * @param message  the feedback, cut to fit
     * @param testCode what ran: the suite classes or jcstress probes of the criterion
     * @param filename the submission file the feedback points at, or empty
     * @param lineNo   the line in it, or 0
     * @param duration wall time in seconds
     */
    @JsonPropertyOrder({"name", "status", "score", "message", "test_code", "filename", "line_no", "duration"})
    public record Test(String name, String status, int score, String message, @JsonProperty("test_code") String testCode,
                       String filename, @JsonProperty("line_no") int lineNo, double duration) {
    }

    /**
     * Builds the result of a grading run.
     *
     * @param report       the report
     * @param rubric       the rubric it was graded on (for test code and file paths); may be null
     * @param integrity    the tamper check
     * @param graderFailed whether the grader itself failed (status {@code error})
     */
    public static ClassroomResult of(Report report, Rubric rubric, Integrity integrity, boolean graderFailed) {
        String status = graderFailed ? "error"
                : report.score() < report.maxScore() || integrity.checked() && !integrity.intact() ? "fail" : "pass";
        List<Test> full = tests(report, rubric, integrity);
        for (int limit : MESSAGE_LIMITS) {
            List<Test> cut = full.stream().map(t -> new Test(t.name(), t.status(), t.score(),
                    Text.cut(t.message(), Integrity.ENTRY_NAME.equals(t.name()) ? Math.max(limit, 250) : limit),
                    Text.cut(t.testCode(), limit), t.filename(), t.lineNo(), t.duration())).toList();
            ClassroomResult result = new ClassroomResult(1, status, report.maxScore(), cut);
            if (limit == 0 || result.encode().length() <= MAX_ENCODED_CHARS) {
                return result;
            }
        }
        throw new AssertionError("unreachable: the last limit is always taken");
    }

    /** The tests with messages cut to the longest limit only. */
    private static List<Test> tests(Report report, Rubric rubric, Integrity integrity) {
        int longest = MESSAGE_LIMITS[0];
        List<Test> tests = new ArrayList<>();
        int hidden = 0;
        for (CriterionResult c : report.criteria()) {
            double seconds = c.durationMillis() / 1000.0;
            if (c.hidden()) {
                tests.add(new Test("Hidden criterion " + ++hidden, status(c.status()), c.points(), "", "", "", 0, seconds));
                continue;
            }
            Optional<Location> where = Location.find(c, report, rubric);
            String name = c.id() + ": " + c.title() + (c.status() == Status.SKIPPED ? " (skipped, not counted)" : "");
            tests.add(new Test(name, status(c.status()), c.points(), Text.cut(message(c, longest), longest),
                    Text.cut(testCode(c, rubric), longest), where.map(Location::file).orElse(""),
                    where.map(Location::line).orElse(0), seconds));
        }
        if (integrity.checked()) {
            List<String> files = Stream.of(integrity.changed(), integrity.added(), integrity.missing())
                    .flatMap(List::stream).toList();
            tests.add(new Test(Integrity.ENTRY_NAME, integrity.intact() ? "pass" : "fail", 0,
                    Text.cut(integrity.summary(), longest),
                    "SHA-256 of every protected file, compared with " + TamperManifest.LOCATION,
                    files.isEmpty() ? TamperManifest.LOCATION : files.get(0), 0, 0));
        }
        return tests;
    }

    private static String status(Status s) {
        return switch (s) {
            case PASSED, SKIPPED -> "pass";
            case FAILED -> "fail";
            case ERROR -> "error";
        };
    }

    /** The feedback, then (for a failure) the measurements and details, as far as {@code limit} characters go. */
    private static String message(CriterionResult c, int limit) {
        StringBuilder text = new StringBuilder(c.status() == Status.SKIPPED ? "Skipped, not counted: " : "");
        text.append(head(c.feedback(), limit));
        if (c.status() == Status.FAILED || c.status() == Status.ERROR) {
            c.measurements().forEach((k, v) -> text.append('\n').append(k).append(" = ").append(v));
            for (String d : c.details()) {
                if (text.length() > limit) {
                    break;
                }
                text.append("\n\n").append(head(d, limit));
            }
        }
        return text.toString().strip();
    }

    /** The first {@code limit + 1} characters of {@code s} (enough for {@link Text#cut} to see it is longer). */
    private static String head(String s, int limit) {
        return s == null ? "" : s.length() <= limit ? s : s.substring(0, limit + 1);
    }

    private static String testCode(CriterionResult c, Rubric rubric) {
        return criterion(rubric, c.id()).map(k -> String.join("\n", k.tests().isEmpty() ? k.probes() : k.tests()))
                .orElse("");
    }

    private static Optional<Criterion> criterion(Rubric rubric, String id) {
        if (rubric == null) {
            return Optional.empty();
        }
        return rubric.exercises().stream().flatMap(e -> e.criteria().stream()).filter(k -> k.id().equals(id)).findFirst();
    }

    /** The base64 form: what the reporter's {@code <ID>_RESULTS} variable holds. */
    public String encode() {
        return Base64.getEncoder().encodeToString(json().getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON form. */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a base64 result, as the reporter does. */
    public static ClassroomResult decode(String base64) throws IOException {
        return JSON.readValue(Base64.getDecoder().decode(base64.strip()), ClassroomResult.class);
    }

    /**
     * Writes {@value #ENCODED_FILE} and {@value #JSON_FILE} into {@code dir}, and appends
     * {@code result=<base64>} to the file named by {@code GITHUB_OUTPUT} in {@code env}, if any.
     *
     * @return the files written
     */
    public List<Path> write(Path dir, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        String encoded = encode();
        Path b64 = Files.writeString(dir.resolve(ENCODED_FILE), encoded + "\n");
        Path json = Files.writeString(dir.resolve(JSON_FILE), json() + "\n");
        List<Path> written = new ArrayList<>(List.of(b64, json));
        String output = env.get("GITHUB_OUTPUT");
        if (output != null && !output.isBlank()) {
            Path out = Path.of(output);
            Files.writeString(out, OUTPUT_NAME + "=" + encoded + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            written.add(out);
        }
        return written;
    }

    /**
     * Where in the submission a criterion's feedback points: the first {@code File.java:LINE} of its
     * feedback or details that names a file of the exercise.
     *
     * @param file the file, relative to the working directory when it is below it
     * @param line the line
     */
    record Location(String file, int line) {
        /** How much of each feedback text is searched for a location, in characters. */
        private static final int SCANNED = 20_000;
        private static final Pattern FILE_LINE =
                Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*\\.java):(\\d{1,7})");

        static Optional<Location> find(CriterionResult c, Report report, Rubric rubric) {
            List<String> texts = new ArrayList<>();
            texts.add(c.feedback() == null ? "" : c.feedback());
            texts.addAll(c.details());
            for (String text : texts) {
                Matcher m = FILE_LINE.matcher(head(text, SCANNED));
                if (m.find()) {
                    return Optional.of(new Location(path(m.group(1), c.exercise(), report, rubric), Integer.parseInt(m.group(2))));
                }
            }
            return Optional.empty();
        }

        private static String path(String file, String exerciseId, Report report, Rubric rubric) {
            Optional<Exercise> exercise = rubric == null ? Optional.empty() : rubric.exercise(exerciseId);
            if (exercise.isEmpty()) {
                return file;
            }
            String inPackage = exercise.get().packagePath() + "/" + file;
            try {
                Path sources = SubmissionSources.locate(Path.of(report.submission())).root();
                Path absolute = sources.resolve(inPackage).toAbsolutePath().normalize();
                Path cwd = Path.of("").toAbsolutePath().normalize();
                return (absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute).toString().replace('\\', '/');
            } catch (RuntimeException e) {
                return inPackage;
            }
        }
    }
}
