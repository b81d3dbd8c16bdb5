package edu.concurrency.grader.batch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a batch knows of a submission it graded: {@code OUT/submissions/<student>/grading.json},
 * written (atomically) after the reports. A later batch trusts the reports, and skips the
 * submission, only when the stamp's sources, rubric and grader version are those of now and
 * {@code report.json} still has the SHA-256 recorded here.
 *
 * @param student       the student
 * @param sourcesHash   {@link Fingerprints#sources} of the submission
 * @param rubricHash    {@link Fingerprints#rubric} of the rubric graded with
 * @param graderVersion {@link GraderBuild#version()} of the grader
 * @param reportHash    SHA-256 of {@code report.json}
 * @param status        what became of the submission
 * @param cause         why, for every status but {@code graded}
 * @param gradedAt      when the grading ended, ISO-8601 UTC
 * @param seconds       wall time of the grading (the child process), in s
 */
public record Stamp(String student, String sourcesHash, String rubricHash, String graderVersion, String reportHash,
                    SubmissionStatus status, String cause, String gradedAt, double seconds) {
    /** The stamp's file name in the student's folder. */
    public static final String FILE = "grading.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The stamp in {@code dir}, or empty when there is none or it cannot be read. */
    public static Optional<Stamp> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Stamp.class));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** Writes this stamp into {@code dir} atomically. */
    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE), JSON.writeValueAsString(this));
    }

    /**
     * Whether the reports in {@code dir} are this stamp's and still valid for a submission with
     * these fingerprints: same sources, rubric and grader, {@code report.json} unchanged, and the
     * grader did not fail (a failure is tried again).
     */
    public boolean stillValid(Path dir, String sources, String rubric, String version) {
        if (!sources.equals(sourcesHash) || !rubric.equals(rubricHash) || !version.equals(graderVersion)
                || status == SubmissionStatus.GRADER_ERROR) {
            return false;
        }
        Path report = dir.resolve("report.json");
        try {
            return Files.isRegularFile(report) && Fingerprints.file(report).equals(reportHash);
        } catch (IOException unreadable) {
            return false;
        }
    }
}
