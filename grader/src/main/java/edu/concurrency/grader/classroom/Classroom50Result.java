package edu.concurrency.grader.classroom;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import edu.concurrency.grader.report.CriterionResult;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A grading run as Classroom 50's {@code result.json}, schema {@value #SCHEMA}
 * ({@code schemas/result-v1.schema.json} of foundation50/classroom50, and the "result.json contract"
 * of its Advanced Autograding documentation): the submission's identity, the total {@code score} of
 * {@code max-score}, and one test per criterion, all points integers. The top level has exactly
 * these fields; a test may carry more, which Classroom 50 keeps verbatim: here {@code kind},
 * {@code status} (the grader's: passed, failed, error, skipped) and {@code feedback} (its first
 * line; for a criterion marked hidden only the status, since the release is public to the student).
 * A skipped criterion is a passed test worth 0 of 0 points (it is not counted, as in
 * {@code report.json}); when a tamper manifest was checked, an {@code integrity} test worth 0 of 0
 * passes only if every protected file is as exported.
 *
 * <p>Classroom 50's runner overwrites {@code owner}, {@code assignment_type}, {@code datetime},
 * {@code graded_at} and {@code submitted_by} with its own values, and rejects a result whose
 * classroom, assignment or owner does not match the repository's name, or that exceeds 10 MiB.
 *
 * @param schema         always {@value #SCHEMA}
 * @param classroom      the classroom's short name
 * @param assignment     the assignment's slug
 * @param assignmentType {@code individual} or {@code group}
 * @param owner          the repository owner's login: the {@code <username>} of {@code <classroom>-<assignment>-<username>}
 * @param submission     the {@code submit/...} tag graded
 * @param commit         link to the graded commit
 * @param release        link to the submission's release
 * @param review         link to the diff from the starter code to the graded commit (or the commit link)
 * @param datetime       the graded commit's committer date, UTC, {@code YYYY-MM-DDTHH:MM:SSZ}
 * @param gradedAt       when this grading ran, same format
 * @param score          points earned: the sum of the tests' scores
 * @param maxScore       points available: the sum of the tests' maxima
 * @param tests          one per criterion, then the integrity test
 * @param submittedBy    who pushed, or null
 */
@JsonPropertyOrder({"schema", "classroom", "assignment", "assignment_type", "owner", "submission", "commit", "release",
        "review", "datetime", "graded_at", "score", "max-score", "tests", "submitted_by"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Classroom50Result(String schema, String classroom, String assignment,
                                @JsonProperty("assignment_type") String assignmentType, String owner, String submission,
                                String commit, String release, String review, String datetime,
                                @JsonProperty("graded_at") String gradedAt, int score,
                                @JsonProperty("max-score") int maxScore, List<Test> tests,
                                @JsonProperty("submitted_by") Classroom50Identity.SubmittedBy submittedBy) {

    /** The value of {@code schema}. */
    public static final String SCHEMA = "classroom50/result/v1";
    /** The file the runner reads from the student's checkout. */
    public static final String FILE = "result.json";
    /** The Markdown the runner shows on the submission's release. */
    public static final String RELEASE_BODY_FILE = "release-body.md";
    /** The name of the tamper check's test. */
    static final String INTEGRITY_TEST = Integrity.ENTRY_NAME;
    /** Longest feedback line of one test, in characters. */
    private static final int FEEDBACK_LIMIT = 500;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Classroom50Result {
        tests = List.copyOf(tests);
    }

    /**
     * One test of {@code result.json}: {@code test-name}, {@code passed}, {@code score} and
     * {@code max-score} are the schema's; the rest are this grader's extra fields.
     *
     * @param name     the criterion's id and title
     * @param passed   full points (or skipped: not counted)
     * @param score    points earned
     * @param maxScore points available (0 for a skipped criterion and for the integrity test)
     * @param kind     the kind of check ({@code correctness}, {@code race}, ...; {@code integrity})
     * @param status   {@code passed}, {@code failed}, {@code error} or {@code skipped}
     * @param feedback the first line of the feedback; only the status for a hidden criterion
     */
    @JsonPropertyOrder({"test-name", "passed", "score", "max-score", "kind", "status", "feedback"})
    public record Test(@JsonProperty("test-name") String name, boolean passed, int score,
                       @JsonProperty("max-score") int maxScore, String kind, String status, String feedback) {
    }

    /**
     * Builds the result of a grading run.
     *
     * @param report    the report
     * @param integrity the tamper check
     * @param identity  the submission's identity
     */
    public static Classroom50Result of(Report report, Integrity integrity, Classroom50Identity identity) {
        List<Test> tests = new ArrayList<>();
        for (CriterionResult c : report.criteria()) {
            boolean skipped = c.status() == Status.SKIPPED;
            tests.add(new Test(c.id() + ": " + c.title() + (skipped ? " (skipped, not counted)" : ""),
                    c.status() == Status.PASSED || skipped, c.points(), skipped ? 0 : c.maxPoints(), c.kind().label(),
                    c.status().label(), c.hidden() ? c.status().label() : Text.cut(firstLine(c.feedback()), FEEDBACK_LIMIT)));
        }
        if (integrity.checked()) {
            tests.add(new Test(INTEGRITY_TEST, integrity.intact(), 0, 0, INTEGRITY_TEST,
                    integrity.intact() ? Status.PASSED.label() : Status.FAILED.label(),
                    Text.cut(integrity.summary(), FEEDBACK_LIMIT)));
        }
        return new Classroom50Result(SCHEMA, identity.classroom(), identity.assignment(), identity.assignmentType(),
                identity.owner(), identity.submission(), identity.commit(), identity.release(), identity.review(),
                identity.datetime(), identity.gradedAt(), tests.stream().mapToInt(Test::score).sum(),
                tests.stream().mapToInt(Test::maxScore).sum(), tests, identity.submittedBy());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String stripped = text.strip();
        int end = stripped.indexOf('\n');
        return (end < 0 ? stripped : stripped.substring(0, end)).strip();
    }

    /**
     * The commit status Classroom 50 posts: {@code success} when every test passed, {@code failure}
     * otherwise, {@code error} when the grader itself failed (Classroom 50 then keeps the release
     * as it was and shows the error on the commit and in the run's summary).
     */
    public String status(boolean graderFailed) {
        if (graderFailed) {
            return "error";
        }
        return tests.stream().allMatch(Test::passed) ? "success" : "failure";
    }

    /** The one-line description of the commit status. */
    public String summary(boolean graderFailed) {
        if (graderFailed) {
            return "concurrency-grader: the grader itself failed, every criterion is an error (" + score + "/" + maxScore
                    + "); see the run's summary";
        }
        long passed = tests.stream().filter(Test::passed).count();
        return "concurrency-grader: " + score + "/" + maxScore + " (" + passed + "/" + tests.size() + " tests passed)";
    }

    /** The JSON text, indented. */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@value #FILE} and {@value #RELEASE_BODY_FILE} ({@code markdown} cut to what a release
     * shows, see {@link ReleaseBody}) into {@code dir}, and appends {@code status=} and
     * {@code summary=} lines to the file named by {@code GITHUB_OUTPUT} in {@code env}, if any.
     *
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public List<Path> write(Path dir, String markdown, boolean graderFailed, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(dir.resolve(FILE), json() + "\n"));
        written.add(Files.writeString(dir.resolve(RELEASE_BODY_FILE), ReleaseBody.fit(markdown, ReleaseBody.MAX_CHARS)));
        String output = env.get("GITHUB_OUTPUT");
        if (output != null && !output.isBlank()) {
            Path out = Path.of(output);
            Files.writeString(out, "status=" + status(graderFailed) + "\nsummary="
                            + summary(graderFailed).replaceAll("[\\r\\n]+", " ") + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            written.add(out);
        }
        return written;
    }
}
