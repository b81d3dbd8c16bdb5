package edu.concurrency.grader.classroom;

import java.util.Locale;
import java.util.Map;

/**
 * The settings of an exported template's workflow and Gradescope scripts.
 *
 * @param javaVersion    the JDK the workflow sets up and Gradescope installs (17 or newer)
 * @param timeoutFactor  {@code GRADER_TIMEOUT_FACTOR} of the workflow and of {@code run_autograder}
 * @param timeoutMinutes the workflow job's time limit, in minutes
 */
public record TemplateSettings(int javaVersion, double timeoutFactor, int timeoutMinutes) {
    /** The workflow name GitHub Classroom looks for. */
    static final String WORKFLOW_NAME = "Autograding Tests";
    /** The one job GitHub Classroom looks for. */
    static final String JOB_NAME = "run-autograding-tests";
    /** The workflow file. */
    static final String WORKFLOW_PATH = ".github/workflows/classroom.yml";
    /** The grading step's id, which the reporter's {@code runners} names: letters and digits only. */
    static final String RUNNER_ID = "grading";

    public TemplateSettings {
        if (javaVersion < 17 || timeoutFactor <= 0 || timeoutMinutes < 1) {
            throw new IllegalArgumentException("java version >= 17, timeout factor > 0, timeout minutes >= 1");
        }
    }

    /** The environment variable the reporter reads the result from: the runner id in capitals + {@code _RESULTS}. */
    static String resultsEnv() {
        return RUNNER_ID.toUpperCase(Locale.ROOT) + "_RESULTS";
    }

    /** The model of the workflow and script templates. */
    Map<String, Object> model() {
        return Map.of("javaVersion", javaVersion, "timeoutFactor", factor(), "timeoutMinutes", timeoutMinutes,
                "runnerId", RUNNER_ID, "resultsEnv", resultsEnv());
    }

    /** The factor as written in scripts: {@code 1.5}, or {@code 2} rather than {@code 2.0}. */
    String factor() {
        return timeoutFactor == Math.rint(timeoutFactor) ? String.valueOf((long) timeoutFactor) : String.valueOf(timeoutFactor);
    }
}
