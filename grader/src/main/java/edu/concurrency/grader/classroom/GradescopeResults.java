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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grading run as Gradescope's {@code /autograder/results/results.json}, per its autograder
 * specification: the total {@code score}, {@code execution_time} in seconds, an {@code output}
 * for the whole submission, and one test per criterion with {@code score}, {@code max_score},
 * {@code status} ({@code passed}/{@code failed}), {@code name}, {@code number} ("exercise.criterion"),
 * {@code output} (the feedback), {@code tags} (exercise id and kind) and {@code visibility}:
 * {@code after_published} for criteria marked hidden in the rubric, {@code visible} otherwise.
 *
 * @param score         points earned
 * @param executionTime seconds the grading phases took
 * @param output        the score, the run's notes and the integrity summary
 * @param tests         one entry per criterion (plus {@code integrity} when a manifest was checked)
 */
@JsonPropertyOrder({"score", "execution_time", "output", "tests"})
public record GradescopeResults(int score, @JsonProperty("execution_time") long executionTime, String output,
                                List<Test> tests) {

    /** The file name Gradescope reads. */
    public static final String FILE = "results.json";
    /** Visibility of criteria marked hidden: students see them once the grades are published. */
    public static final String HIDDEN_VISIBILITY = "after_published";
    /** Longest output of one test, in characters. */
    private static final int OUTPUT_LIMIT = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public GradescopeResults {
        tests = List.copyOf(tests);
    }

    /**
     * One test case of {@code results.json}.
     *
     * @param score      points earned
     * @param maxScore   points available (0 for a skipped criterion, which is not counted)
     * @param status     {@code passed} or {@code failed}
     * @param name       criterion id and title
     * @param number     "exercise.criterion", both 1-based, for Gradescope's ordering
     * @param output     the feedback and its details
     * @param tags       the exercise id and the kind of check
     * @param visibility {@code visible}, or {@code after_published} for hidden criteria
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"score", "max_score", "status", "name", "number", "output", "tags", "visibility"})
    public record Test(int score, @JsonProperty("max_score") int maxScore, String status, String name, String number,
                       String output, List<String> tags, String visibility) {
    }

    /** Builds the results of a grading run. */
    public static GradescopeResults of(Report report, Integrity integrity) {
        List<Test> tests = new ArrayList<>();
        Map<String, Integer> exerciseNumbers = new LinkedHashMap<>();
        Map<String, Integer> criterionNumbers = new LinkedHashMap<>();
        for (CriterionResult c : report.criteria()) {
            int e = exerciseNumbers.computeIfAbsent(c.exercise(), k -> exerciseNumbers.size() + 1);
            int n = criterionNumbers.merge(c.exercise(), 1, Integer::sum);
            boolean skipped = c.status() == Status.SKIPPED;
            tests.add(new Test(c.points(), skipped ? 0 : c.maxPoints(),
                    c.status() == Status.PASSED || skipped ? "passed" : "failed",
                    c.id() + ": " + c.title() + (skipped ? " (skipped, not counted)" : ""),
                    e + "." + n, Text.cut(output(c), OUTPUT_LIMIT), List.of(c.exercise(), c.kind().label()),
                    c.hidden() ? HIDDEN_VISIBILITY : "visible"));
        }
        if (integrity.checked()) {
            tests.add(new Test(0, 0, integrity.intact() ? "passed" : "failed", Integrity.ENTRY_NAME,
                    String.valueOf(exerciseNumbers.size() + 1),
                    Text.cut(integrity.summary() + "\n" + String.join("\n", integrity.findings()), OUTPUT_LIMIT),
                    List.of(Integrity.ENTRY_NAME), "visible"));
        }
        StringBuilder output = new StringBuilder("Score: " + report.score() + " / " + report.maxScore());
        report.notes().forEach(n -> output.append("\n").append(n));
        return new GradescopeResults(report.score(), Math.round(report.wallMillis() / 1000.0), output.toString(), tests);
    }

    private static String output(CriterionResult c) {
        StringBuilder text = new StringBuilder(c.status() == Status.SKIPPED ? "Skipped, not counted: " : "");
        text.append(c.feedback() == null ? "" : c.feedback());
        c.measurements().forEach((k, v) -> text.append('\n').append(k).append(" = ").append(v));
        c.details().forEach(d -> text.append("\n\n").append(d));
        return text.toString().strip();
    }

    /** The JSON text. */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@value #FILE} into {@code dir} and returns it. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(FILE), json() + "\n");
    }
}
