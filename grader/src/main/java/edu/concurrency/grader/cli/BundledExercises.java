package edu.concurrency.grader.cli;

import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import edu.concurrency.grader.rubric.RubricException;
import java.util.Iterator;
import java.util.List;

/**
 * The ids of the bundled rubric's exercises, in rubric order: what the help of {@code --only}
 * lists ({@code ${COMPLETION-CANDIDATES}}) and what shell completion offers. Read when picocli
 * asks; empty when the bundled rubric cannot be read (the help must still print).
 */
final class BundledExercises implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        List<String> ids;
        try {
            ids = Rubric.loadDefault().exercises().stream().map(Exercise::id).toList();
        } catch (RubricException e) {
            ids = List.of();
        }
        return ids.iterator();
    }
}
