package edu.concurrency.grader.rubric;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One scored item of the rubric. A criterion passes or fails as a whole.
 *
 * @param id             unique, stable identifier, for example {@code queue.stress}
 * @param title          one line shown to students
 * @param kind           which kind of check it is
 * @param points         points awarded when it passes
 * @param tests          JUnit selectors ({@code fully.qualified.Class} or {@code Class#method});
 *                       for correctness, architecture and performance criteria; for a race
 *                       criterion, its model checks (optional), run besides its probes
 * @param probes         jcstress probe classes; for race criteria
 * @param requires       ids of criteria that must pass before this one is judged
 * @param timeoutSeconds watchdog for the whole criterion in seconds, before the timeout factor
 * @param attempts       how many attempts a failing criterion gets; it passes if any passes
 * @param hidden         students see the score but not the feedback
 * @param modelCheck     for a correctness criterion: the model check of the operations it
 *                       exercises (JUnit selectors of a Lincheck suite), run only when the criterion
 *                       failed; its interleaving, or one line saying it found none, is added to the
 *                       failure's evidence, and the verdict stays the criterion's own
 */
public record Criterion(String id, String title, Kind kind, int points, List<String> tests,
                        List<String> probes, List<String> requires, Integer timeoutSeconds,
                        Integer attempts, boolean hidden, List<String> modelCheck) {

    /** Default watchdog of a criterion, in seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;

    public Criterion {
        Objects.requireNonNull(id, "criterion id");
        Objects.requireNonNull(kind, () -> "kind of " + id);
        title = title == null ? id : title;
        tests = tests == null ? List.of() : List.copyOf(tests);
        probes = probes == null ? List.of() : List.copyOf(probes);
        requires = requires == null ? List.of() : List.copyOf(requires);
        timeoutSeconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
        attempts = attempts == null ? 1 : attempts;
        modelCheck = modelCheck == null ? List.of() : List.copyOf(modelCheck);
    }

    /** A criterion without a model check of its failures. */
    public Criterion(String id, String title, Kind kind, int points, List<String> tests, List<String> probes,
                     List<String> requires, Integer timeoutSeconds, Integer attempts, boolean hidden) {
        this(id, title, kind, points, tests, probes, requires, timeoutSeconds, attempts, hidden, List.of());
    }

    /** The watchdog of the criterion, scaled by {@code factor}. */
    public Duration timeout(double factor) {
        return Duration.ofMillis(Math.round(timeoutSeconds * 1000.0 * factor));
    }
}
