package edu.concurrency.grader.classroom;

import edu.concurrency.grader.report.Report;
import edu.concurrency.grader.report.ReportWriter;
import edu.concurrency.grader.rubric.Rubric;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code grade} does for GitHub Classroom, Classroom 50 and Gradescope: the tamper check before grading, its
 * finding added to the report's notes (so that the console, {@code report.json}, {@code report.md}
 * and the GitHub step summary show it), and the extra result files of {@code --format}.
 */
public final class GradingOutputs {
    private final Set<ResultFormat> formats;
    private final Integrity integrity;
    private final Map<String, String> env;
    private final Path submission;

    private GradingOutputs(Set<ResultFormat> formats, Integrity integrity, Map<String, String> env, Path submission) {
        this.formats = formats;
        this.integrity = integrity;
        this.env = env;
        this.submission = submission;
    }

    /**
     * Runs the tamper check for {@code submission} (see {@link Integrity#check}) and remembers the
     * formats to write.
     *
     * @param submission the graded directory
     * @param manifest   {@code --manifest}, or null to look for the template's own
     * @param formats    {@code --format} values (the default reports are always written)
     * @param env        the environment ({@code GITHUB_OUTPUT}; for Classroom 50 the submission's identity)
     */
    public static GradingOutputs prepare(Path submission, Path manifest, List<ResultFormat> formats, Map<String, String> env) {
        Set<ResultFormat> set = EnumSet.noneOf(ResultFormat.class);
        if (formats != null) {
            set.addAll(formats);
        }
        return new GradingOutputs(set, Integrity.check(submission, manifest), Map.copyOf(env), submission);
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
     * @param graderFailed whether the grader itself failed (the Classroom and Classroom 50 status becomes {@code error})
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
        if (formats.contains(ResultFormat.CLASSROOM50)) {
            Classroom50Identity identity = Classroom50Identity.of(env, submission, Instant.now());
            written.addAll(Classroom50Result.of(report, integrity, identity)
                    .write(reportDir, new ReportWriter().markdown(report), graderFailed, env));
        }
        return written;
    }
}
