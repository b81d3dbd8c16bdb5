package edu.concurrency.grader.classroom;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Who and what a Classroom 50 result is about, from the environment its runner gives the
 * autograder ({@code CLASSROOM}, {@code ASSIGNMENT}, {@code OWNER}/{@code USERNAME},
 * {@code ASSIGNMENT_TYPE}, {@code SUBMISSION_TAG}, {@code COMMIT_URL}, {@code RELEASE_URL},
 * {@code REVIEW_URL}, {@code GITHUB_*}) and from git (the graded commit's committer date).
 *
 * <p>Outside the runner (a local {@code grade --format classroom50}) what is missing is filled in so
 * that the result still follows the schema: {@code local} for the classroom and the assignment,
 * the login of {@code GITHUB_ACTOR} or of the user for the owner, {@code submit/local-<time>} for the
 * submission, links made of {@code GITHUB_SERVER_URL}, {@code GITHUB_REPOSITORY} and
 * {@code GITHUB_SHA} when those are set (else the commit's hash, or {@code local}), and the current
 * time when git cannot tell the commit's date.
 *
 * @param classroom      {@code CLASSROOM}
 * @param assignment     {@code ASSIGNMENT}
 * @param assignmentType {@code ASSIGNMENT_TYPE} when it is {@code individual} or {@code group} (the
 *                       schema's values), else {@code group} when {@code MODE} says so, else {@code individual}
 * @param owner          {@code OWNER}, else {@code USERNAME}
 * @param submission     {@code SUBMISSION_TAG}
 * @param commit         {@code COMMIT_URL}
 * @param release        {@code RELEASE_URL}
 * @param review         {@code REVIEW_URL}, else the commit link
 * @param datetime       the committer date of {@code GITHUB_SHA} (else {@code HEAD}) in the checkout, UTC,
 *                       {@code YYYY-MM-DDTHH:MM:SSZ}
 * @param gradedAt       now, same format
 * @param submittedBy    {@code GITHUB_ACTOR} and {@code GITHUB_ACTOR_ID}, or null
 */
public record Classroom50Identity(String classroom, String assignment, String assignmentType, String owner,
                                  String submission, String commit, String release, String review, String datetime,
                                  String gradedAt, SubmittedBy submittedBy) {

    /** The format of {@code datetime} and {@code graded_at}. */
    static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TAG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String LOCAL = "local";
    private static final long GIT_TIMEOUT_SECONDS = 30;

    /**
     * The pusher of a submission, as the schema's {@code submitted_by}.
     *
     * @param username the GitHub login
     * @param id       the numeric GitHub user id, or null when unknown
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SubmittedBy(String username, Long id) {
    }

    /**
     * The identity of the submission in {@code checkout}, graded now.
     *
     * @param env      the environment
     * @param checkout the student's checkout (or any directory inside it), for git
     * @param now      the current time
     */
    public static Classroom50Identity of(Map<String, String> env, Path checkout, Instant now) {
        String sha = value(env, "GITHUB_SHA").filter(s -> s.matches("[0-9a-fA-F]{7,64}")).orElse("HEAD");
        Optional<String> repository = value(env, "GITHUB_REPOSITORY");
        String server = value(env, "GITHUB_SERVER_URL").orElse("https://github.com");
        String submission = value(env, "SUBMISSION_TAG").filter(t -> t.startsWith("submit/"))
                .orElse("submit/local-" + TAG_TIME.format(now));
        Optional<String> head = value(env, "GITHUB_SHA").or(() -> git(checkout, "rev-parse", "HEAD"));
        String commit = value(env, "COMMIT_URL").orElseGet(() -> repository.isPresent() && head.isPresent()
                ? server + "/" + repository.get() + "/commit/" + head.get() : head.orElse(LOCAL));
        String release = value(env, "RELEASE_URL").orElseGet(() -> repository
                .map(r -> server + "/" + r + "/releases/tag/" + URLEncoder.encode(submission, StandardCharsets.UTF_8))
                .orElse(LOCAL));
        String type = value(env, "ASSIGNMENT_TYPE").filter(t -> t.equals("individual") || t.equals("group"))
                .orElse(value(env, "MODE").map(String::strip).filter("group"::equalsIgnoreCase).isPresent()
                        ? "group" : "individual");
        SubmittedBy pusher = value(env, "GITHUB_ACTOR").map(login -> new SubmittedBy(login,
                value(env, "GITHUB_ACTOR_ID").filter(id -> id.matches("\\d{1,18}")).map(Long::valueOf).orElse(null)))
                .orElse(null);
        return new Classroom50Identity(value(env, "CLASSROOM").orElse(LOCAL), value(env, "ASSIGNMENT").orElse(LOCAL),
                type, Stream.of("OWNER", "USERNAME", "GITHUB_ACTOR").map(k -> value(env, k)).flatMap(Optional::stream)
                        .findFirst().orElse(Optional.ofNullable(System.getProperty("user.name")).orElse("unknown")),
                submission, commit, release, value(env, "REVIEW_URL").orElse(commit),
                UTC_SECONDS.format(committerDate(checkout, sha).orElse(now)), UTC_SECONDS.format(now), pusher);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The committer date of {@code revision} in the repository around {@code dir}, as git's strict ISO 8601 says. */
    static Optional<Instant> committerDate(Path dir, String revision) {
        return git(dir, "show", "-s", "--format=%cI", revision).flatMap(text -> {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.SECONDS));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The first line git prints for {@code args} in {@code dir}, or empty when git is missing,
     * fails or takes longer than {@value #GIT_TIMEOUT_SECONDS} s. {@code safe.directory=*} lets it
     * read a checkout owned by another user (a container's bind mount), as Classroom 50's runner does.
     */
    private static Optional<String> git(Path dir, String... args) {
        List<String> command = Stream.concat(Stream.of("git", "-c", "safe.directory=*", "-C",
                dir.toAbsolutePath().toString()), Stream.of(args)).toList();
        Path out = null;
        try {
            out = Files.createTempFile("concurrency-grader-git", ".txt");
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(out.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String text = Files.readString(out, StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 && !text.isEmpty() ? text.lines().findFirst() : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a leftover temporary file of a few bytes
                }
            }
        }
    }
}
