package edu.concurrency.grader.rubric;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One exercise of the course and its criteria.
 *
 * @param id              short name, also the value of {@code grade --only}, for example {@code queue}
 * @param title           one line shown in reports
 * @param packageName     the Java package students write, for example {@code edu.concurrency.queue}
 * @param studentClasses  simple names of the classes a submission must contain
 * @param providedClasses simple names of the course-provided classes of the package; the grader
 *                        supplies its own copy and ignores the submission's
 * @param criteria        the criteria, in the order they are graded and reported
 */
public record Exercise(String id, String title, @JsonProperty("package") String packageName,
                       List<String> studentClasses, List<String> providedClasses,
                       List<Criterion> criteria) {

    public Exercise {
        Objects.requireNonNull(id, "exercise id");
        Objects.requireNonNull(packageName, () -> "package of exercise " + id);
        title = title == null ? id : title;
        studentClasses = studentClasses == null ? List.of() : List.copyOf(studentClasses);
        providedClasses = providedClasses == null ? List.of() : List.copyOf(providedClasses);
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
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
