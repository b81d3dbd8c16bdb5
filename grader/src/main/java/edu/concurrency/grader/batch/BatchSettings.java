package edu.concurrency.grader.batch;

import edu.concurrency.grader.rubric.Rubric;
import java.nio.file.Path;
import java.util.List;

/**
 * What a batch grades and how.
 *
 * @param root          the class folder
 * @param out           the output folder
 * @param rubric        the rubric as graded (after {@code --only})
 * @param rubricHash    {@link Fingerprints#rubric} of it
 * @param graderVersion {@link GraderBuild#version()}
 * @param roster        the roster, or null
 * @param shard         the shard to grade ({@link Shard#ALL} for the whole class)
 * @param jobs          how many submissions are graded at once
 * @param force         grade every submission again, even when its stamp says it is graded
 * @param gradeOptions  options passed on to each {@code grade}
 * @param format        the gradebook's column set
 * @param assignment    the grade column's name in the Canvas and Moodle gradebooks
 */
public record BatchSettings(Path root, Path out, Rubric rubric, String rubricHash, String graderVersion, Roster roster,
                            Shard shard, int jobs, boolean force, List<String> gradeOptions, GradebookFormat format,
                            String assignment) {
    public BatchSettings {
        gradeOptions = List.copyOf(gradeOptions);
    }
}
