package edu.concurrency.grader.batch;

import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.rubric.RubricFiles;
import edu.concurrency.grader.submission.CourseClasses;
import edu.concurrency.grader.submission.SubmissionSources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 fingerprints (lower-case hex) that decide whether a graded submission must be graded again. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /**
     * The files the grader reads of a submission, for {@code rubric}: each exercise's student
     * source files ({@link SubmissionSources#studentFiles}), path relative to the source root and
     * content, in order. Two submissions with the same fingerprint are graded alike.
     *
     * @param course the course's classes, which tell the provided classes from the student's
     * @return the fingerprint, and how many files it covers
     * @throws IOException when a file cannot be read
     */
    public static Sources sources(Rubric rubric, CourseClasses course, Path submission) throws IOException {
        SubmissionSources sources = SubmissionSources.locate(submission);
        MessageDigest digest = sha256();
        int files = 0;
        for (Exercise exercise : rubric.exercises()) {
            List<Path> mine = sources.studentFiles(exercise, course.providedNames(exercise));
            for (Path file : mine) {
                byte[] name = sources.root().relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8);
                byte[] content = Files.readAllBytes(file);
                digest.update(lengthOf(name.length));
                digest.update(name);
                digest.update(lengthOf(content.length));
                digest.update(content);
                files++;
            }
        }
        return new Sources(HexFormat.of().formatHex(digest.digest()), files);
    }

    /**
     * A fingerprint of the sources of a submission.
     *
     * @param hash  SHA-256 over the files, hex
     * @param files how many files the grader reads (0: nothing to grade)
     */
    public record Sources(String hash, int files) {
    }

    /**
     * The rubric as graded: the rubric file's bytes and the exercises selected ({@code --only},
     * sorted; empty for all).
     */
    public static String rubric(byte[] rubricFile, List<String> only) {
        MessageDigest digest = sha256();
        digest.update(rubricFile);
        digest.update(("\n--only=" + String.join(",", only.stream().sorted().toList())).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The bytes of the rubric: the file's own, else those of the folder's files or of the bundled
     * rubric's files ({@code path} null), each with its name ({@link RubricFiles#fingerprintBytes}).
     *
     * @throws edu.concurrency.grader.rubric.RubricException when the rubric cannot be read
     */
    public static byte[] rubricBytes(Path path) {
        return RubricFiles.fingerprintBytes(path == null ? RubricFiles.bundled() : RubricFiles.of(path));
    }

    /** SHA-256 of a file's content, hex. */
    public static String file(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] lengthOf(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }
}
