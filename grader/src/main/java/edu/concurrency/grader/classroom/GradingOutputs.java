package edu.concurrency.grader.classroom;

import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.rubric.Rubric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code grade} does for the Classroom and Gradescope: the tamper check before grading, its
 * finding added to the report's notes (so that the console, {@code report.json}, {@code report.md}
 * and the GitHub step summary show it), and the extra result files of {@code --format}.
 */
public final class GradingOutputs {
    private final Set<ResultFormat> formats;
    private final Integrity integrity;
    private final Map<String, String> env;

    private GradingOutputs(Set<ResultFormat> formats, Integrity integrity, Map<String, String> env) {
        this.formats = formats;
        this.integrity = integrity;
        this.env = env;
    }

    /**
     * Runs the tamper check for {@code submission} (see {@link Integrity#check}) and remembers the
     * formats to write.
     *
     * @param submission the graded directory
     * @param manifest   {@code --manifest}, or null to look for the template's own
     * @param formats    {@code --format} values (the default reports are always written)
     * @param env        the environment ({@code GITHUB_OUTPUT})
     */
    public static GradingOutputs prepare(Path submission, Path manifest, List<ResultFormat> formats, Map<String, String> env) {
        Set<ResultFormat> set = EnumSet.noneOf(ResultFormat.class);
        if (formats != null) {
            set.addAll(formats);
        }
        return new GradingOutputs(set, Integrity.check(submission, manifest), Map.copyOf(env));
    }

    /** The tamper check's result. */
    public Integrity integrity() {
        return integrity;
    }

    /** {@code report} with the tamper check's summary as its first note, when there was a check. */
    public Report annotate(Report report) {
        if (!integrity.checked()) {
            return report;
        }
        List<String> notes = new ArrayList<>();
        notes.add(integrity.summary());
        notes.addAll(report.notes());
        return report.withNotes(notes);
    }

    /**
     * Writes the extra formats into {@code reportDir}.
     *
     * @param graderFailed whether the grader itself failed (the Classroom status becomes {@code error})
     * @return the files written
     */
    public List<Path> write(Report report, Rubric rubric, boolean graderFailed, Path reportDir) throws IOException {
        List<Path> written = new ArrayList<>();
        if (formats.contains(ResultFormat.GRADESCOPE)) {
            written.add(GradescopeResults.of(report, integrity).write(reportDir));
        }
        if (formats.contains(ResultFormat.CLASSROOM)) {
            written.addAll(ClassroomResult.of(report, rubric, integrity, graderFailed).write(reportDir, env));
        }
        return written;
    }
}
