package edu.concurrency.grader.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HEAD commit of a submission that is a git repository (it has a {@code .git} of its own),
 * read with {@code git log -1} ({@code git} on the PATH; without it there is none).
 *
 * @param commit the full commit hash
 * @param time   the committer time, ISO-8601 UTC ({@code 2026-12-07T10:15:30Z})
 */
public record GitCommit(String commit, String time) {
    private static final long GIT_TIMEOUT_SECONDS = 20;

    /** The HEAD commit of {@code folder}, or empty when it is not a repository of its own or git fails. */
    public static Optional<GitCommit> of(Path folder) {
        if (!Files.exists(folder.resolve(".git"))) {
            return Optional.empty();
        }
        try {
            Process git = new ProcessBuilder("git", "-c", "safe.directory=*", "-C", folder.toString(), "log", "-1",
                    "--format=%H %cI").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            git.getOutputStream().close();
            byte[] out = git.getInputStream().readNBytes(4096);
            if (!git.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return Optional.empty();
            }
            String[] fields = new String(out, StandardCharsets.UTF_8).trim().split(" ");
            if (git.exitValue() != 0 || fields.length != 2) {
                return Optional.empty();
            }
            Instant time = OffsetDateTime.parse(fields[1]).toInstant();
            return Optional.of(new GitCommit(fields[0], time.toString()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
