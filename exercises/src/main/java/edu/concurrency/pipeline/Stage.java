package edu.concurrency.pipeline;

/**
 * One step of work that a {@link ProcessPipeline} runs in its worker processes: it maps one
 * input text to one output text.
 *
 * <p>Provided by the course; do not change it (the grader uses its own copy). An implementation
 * must be a public class with a public no-argument constructor: {@link WorkerMain} creates one
 * instance per worker process from the class name it gets on its command line, and calls
 * {@link #apply(String)} for every request that worker receives, one request at a time.
 */
@FunctionalInterface
public interface Stage {

    /**
     * Computes the output for one input.
     *
     * @param input the input text (any text, possibly empty; never null)
     * @return the output text, not null
     * @throws Exception anything; the worker answers the request with an {@code ERR} line and
     *                   goes on with the next request
     */
    String apply(String input) throws Exception;
}
