package edu.concurrency.grader.submission;

import java.nio.file.Path;
import java.util.Set;

/**
 * The course-provided classes of one exercise, as written out for a grading.
 *
 * @param names simple names of the provided top-level classes of the exercise's package
 * @param root  the class directory that holds them ({@code edu/concurrency/...}, nested classes
 *              included); compiled against and put on the class path of every JVM of the
 *              submission
 */
public record ProvidedClasses(Set<String> names, Path root) {

    public ProvidedClasses {
        names = Set.copyOf(names);
    }
}
