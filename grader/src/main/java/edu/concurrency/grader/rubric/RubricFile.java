package edu.concurrency.grader.rubric;

import java.util.List;

/**
 * The content of one rubric file, before the files of a folder are put in order.
 *
 * @param order     where the file's exercises go among those of the other files (ascending); null
 *                  places them after every file that has an order
 * @param exercises the file's exercises, in the file's order
 */
record RubricFile(Integer order, List<Exercise> exercises) {

    RubricFile {
        exercises = exercises == null ? List.of() : List.copyOf(exercises);
    }
}
