package edu.concurrency.grader.classroom;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The GitHub Actions workflow that re-grades a class in the instructor's private course repository
 * ({@code .github/workflows/regrade.yml}): a matrix of {@code shards} jobs, each fetching the class,
 * grading its shard with {@code batch --shard K/N} and uploading it as the artifact
 * {@code grades-shard-K}, and a job {@code merge} that downloads them all ({@code download-artifact}
 * with {@code pattern} and {@code merge-multiple}), runs {@code merge}, appends {@code summary.md}
 * to the step summary and uploads the artifact {@code class-grades}.
 *
 * @param shards         the number of shard jobs, 1 to 256 (GitHub runs at most 256 jobs of a matrix)
 * @param settings       the JDK set up, {@code GRADER_TIMEOUT_FACTOR}, the time limit of each shard job
 * @param jobs           {@code batch --jobs} in each shard, or null for batch's default
 * @param only           the exercises graded (empty: all)
 * @param rubric         the rubric file or folder, relative to the repository, or null for the bundled one
 * @param roster         the roster file, relative to the repository, or null
 */
public record RegradeWorkflow(int shards, TemplateSettings settings, Integer jobs,
                              List<String> only, String rubric, String roster) {
    /** The most shard jobs: GitHub's limit of jobs per matrix. */
    public static final int MAX_SHARDS = 256;
    /** Where the workflow goes in the repository. */
    public static final String LOCATION = ".github/workflows/regrade.yml";

    public RegradeWorkflow {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("--shards must be between 1 and " + MAX_SHARDS + " (GitHub's limit of jobs"
                    + " per matrix), not " + shards);
        }
        if (jobs != null && jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1, not " + jobs);
        }
        only = List.copyOf(only);
    }

    /** The workflow's YAML. */
    public String yaml() {
        Map<String, Object> model = new LinkedHashMap<>(settings.model());
        model.put("shards", shards);
        model.put("shardList", IntStream.rangeClosed(1, shards).mapToObj(String::valueOf).collect(Collectors.joining(", ")));
        StringBuilder batch = new StringBuilder();
        if (jobs != null) {
            batch.append(" --jobs ").append(jobs);
        }
        if (!only.isEmpty()) {
            batch.append(" --only ").append(String.join(",", only));
        }
        if (rubric != null) {
            batch.append(" --rubric ").append(quoted(rubric));
        }
        if (roster != null) {
            batch.append(" --roster ").append(quoted(roster));
        }
        model.put("batchOptions", batch.length() == 0 ? "" : " \\\n           " + batch);
        model.put("mergeOptions", "");
        return Templates.render("regrade.yml", model);
    }

    /** {@code text} as one word for sh, in single quotes. */
    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
