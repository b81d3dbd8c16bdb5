package edu.concurrency.grader.batch;

import edu.concurrency.grader.gradebook.ClassSummary;
import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.io.file.PathUtils;

/**
 * Combines the outputs of several batches (the shards of one class) into one: the students'
 * folders are copied into {@code OUT/submissions/}, and the class's files are computed anew from
 * their rows and reports, as one batch over the whole class would have.
 */
public final class Merger {
    private Merger() {
    }

    /**
     * Merges {@code inputs} into {@code out}.
     *
     * @param format     the gradebook's column set
     * @param assignment the grade column's name (Canvas and Moodle formats)
     * @return the merged summary
     * @throws MergeException when an input has no {@code summary.json}, or the inputs were graded
     *                        with different rubrics or grader versions, or hold the same student
     * @throws IOException    when a file cannot be read or written
     */
    public static ClassSummary merge(List<Path> inputs, Path out, GradebookFormat format, String assignment)
            throws MergeException, IOException {
        if (inputs.isEmpty()) {
            throw new MergeException("nothing to merge: give the output folders of the batches");
        }
        List<ClassSummary> summaries = new ArrayList<>();
        for (Path in : inputs) {
            Path file = in.resolve(ClassOutputs.SUMMARY);
            if (!Files.isRegularFile(file)) {
                throw new MergeException(in + " is not the output of a batch: it has no " + ClassOutputs.SUMMARY);
            }
            summaries.add(ClassOutputs.readSummary(file));
        }
        ClassSummary first = summaries.get(0);
        Map<String, Path> owner = new HashMap<>();
        for (int i = 0; i < summaries.size(); i++) {
            ClassSummary s = summaries.get(i);
            if (!Objects.equals(s.rubricHash(), first.rubricHash())) {
                throw new MergeException("cannot merge outputs graded with different rubrics: " + inputs.get(0) + " used rubric "
                        + first.rubricHash() + ", " + inputs.get(i) + " used " + s.rubricHash()
                        + " (another rubric file, or another --only)");
            }
            if (!Objects.equals(s.graderVersion(), first.graderVersion())) {
                throw new MergeException("cannot merge outputs of different grader versions: " + inputs.get(0) + " was graded by "
                        + first.graderVersion() + ", " + inputs.get(i) + " by " + s.graderVersion());
            }
            for (StudentRow row : s.students()) {
                Path before = owner.putIfAbsent(row.student().toLowerCase(Locale.ROOT), inputs.get(i));
                if (before != null) {
                    throw new MergeException("cannot merge: student " + row.student() + " is in both " + before + " and "
                            + inputs.get(i) + " (overlapping shards, or the same batch twice?)");
                }
            }
        }
        Path outSubmissions = Files.createDirectories(out.resolve(BatchRunner.SUBMISSIONS));
        List<GradedStudent> students = new ArrayList<>();
        for (int i = 0; i < summaries.size(); i++) {
            for (StudentRow row : summaries.get(i).students()) {
                String name = BatchRunner.folderName(row.student());
                Path from = inputs.get(i).resolve(BatchRunner.SUBMISSIONS).resolve(name);
                Path to = outSubmissions.resolve(name);
                if (Files.isDirectory(from) && !from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
                    PathUtils.copyDirectory(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                Path json = to.resolve("report.json");
                Report report = Files.isRegularFile(json) ? ReportWriter.read(json) : null;
                students.add(new GradedStudent(row, report));
            }
        }
        String gradedAt = summaries.stream().map(ClassSummary::gradedAt).filter(Objects::nonNull).min(Comparator.naturalOrder())
                .orElse(null);
        double wall = summaries.stream().mapToDouble(ClassSummary::wallSeconds).sum();
        Report.Environment environment = summaries.stream().map(ClassSummary::environment).filter(Objects::nonNull)
                .findFirst().orElse(null);
        ClassSummary merged = ClassSummaries.build(first.graderVersion(), first.rubricHash(), gradedAt,
                ClassSummaries.round(wall), environment, CriterionInfo.of(first.criteria()), students);
        ClassOutputs.write(merged, out, format, assignment);
        return merged;
    }
}
