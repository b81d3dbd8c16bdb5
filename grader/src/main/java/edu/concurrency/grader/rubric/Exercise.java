package edu.concurrency.grader.rubric;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One exercise of the course and its criteria.
 *
 * @param id              short name, also the value of {@code grade --only}, for example {@code queue}
 * @param title           one line shown in reports
 * @param packageName     the Java package students write, for example {@code edu.concurrency.queue}
 * @param studentClasses  simple names of the classes a submission must contain; every other class
 *                        of the package in the course's exercise module is course-provided: the
 *                        grader supplies its own copy and ignores the submission's
 * @param criteria        the criteria, in the order they are graded and reported
 * @param stallSeconds    when positive, a check whose threads (the check's and the submission's)
 *                        all wait without a timeout and without any change for this long, in
 *                        seconds before the timeout factor, is reported as a hang at once instead
 *                        of at its watchdog; sound only for exercises whose threads nothing
 *                        outside them can wake (no I/O, no child processes); 0 turns it off
 */
// providedClasses: older rubrics list the provided classes, which are now derived from the package
@JsonIgnoreProperties("providedClasses")
public record Exercise(String id, String title, @JsonProperty("package") String packageName,
                       List<String> studentClasses, List<Criterion> criteria, int stallSeconds) {

    /** An exercise whose hangs are left to the watchdogs. */
    public Exercise(String id, String title, String packageName, List<String> studentClasses,
                    List<Criterion> criteria) {
        this(id, title, packageName, studentClasses, criteria, 0);
    }

    public Exercise {
        Objects.requireNonNull(id, "exercise id");
        Objects.requireNonNull(packageName, () -> "package of exercise " + id);
        title = title == null ? id : title;
        studentClasses = studentClasses == null ? List.of() : List.copyOf(studentClasses);
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
    }

    /** This exercise with {@code criteria} in place of its own. */
    public Exercise withCriteria(List<Criterion> criteria) {
        return new Exercise(id, title, packageName, studentClasses, criteria, stallSeconds);
    }

    /** The package as a path, for example {@code edu/concurrency/queue}. */
    public String packagePath() {
        return packageName.replace('.', '/');
    }

    /** The sum of the points of all criteria. */
    public int maxPoints() {
        return criteria.stream().mapToInt(Criterion::points).sum();
    }
}
