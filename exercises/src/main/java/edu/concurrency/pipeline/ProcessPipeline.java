package edu.concurrency.pipeline;

import java.io.IOException;
import java.util.List;

/**
 * Runs a {@link Stage} over many inputs in parallel, in worker JVMs that it starts once and
 * reuses, talking to them over pipes with the wire protocol of the package documentation.
 *
 * <p>Typical use:
 * <pre>{@code
 * try (ProcessPipeline pipeline = new ProcessPipeline(Hash.class, 4)) {
 *     List<String> hashes = pipeline.map(lines);
 * }
 * }</pre>
 *
 * <p>The contract:
 * <ul>
 *   <li><b>Constructor.</b> It starts {@code workers} JVMs, each with the command
 *       {@code <java.home>/bin/java -cp <java.class.path> edu.concurrency.pipeline.WorkerMain
 *       <stage class name>} (system properties {@code java.home} and {@code java.class.path} of
 *       this JVM), started with {@link ProcessBuilder}. {@code workers < 1} throws
 *       IllegalArgumentException.</li>
 *   <li><b>map.</b>
 *     <ul>
 *       <li>It returns the outputs in input order (output {@code i} belongs to input {@code i}),
 *           however long each input takes, and it keeps several tasks in flight: all workers
 *           compute at the same time (with at least as many inputs as workers, every worker gets
 *           a task at once).</li>
 *       <li>It never deadlocks on pipe buffers, even with MiBs of input and output, or a stage
 *           that writes MiBs to stderr.</li>
 *       <li>Workers are reused across calls: {@link #workerPids()} stays the same as long as no
 *           worker dies, and map starts no process.</li>
 *       <li>If the stage throws for input {@code i}, map throws {@link PipelineException} with
 *           index {@code i} (and the stage's message in its message) after all other inputs
 *           have finished, and the pipeline stays usable.</li>
 *       <li>A worker that dies is replaced, and its unfinished tasks are sent again. An input
 *           during which two workers died fails with PipelineException (index: that input).</li>
 *       <li>map after close throws IllegalStateException.</li>
 *     </ul></li>
 *   <li><b>close.</b> It closes the workers' stdin, waits up to 2 s for them to exit, then
 *       destroys those still running. No descendant process is left (processes the workers
 *       started included). It is idempotent.</li>
 * </ul>
 */
public final class ProcessPipeline implements AutoCloseable {

    /**
     * Starts the workers.
     *
     * @param stage   the stage class: public, with a public no-argument constructor
     * @param workers how many worker JVMs to start, at least 1
     * @throws IllegalArgumentException if {@code workers < 1}
     * @throws IOException              if a worker process cannot be started
     */
    public ProcessPipeline(Class<? extends Stage> stage, int workers) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Runs the stage on every input, in the workers.
     *
     * @param inputs the inputs (any text; not null)
     * @return the outputs, in input order
     * @throws PipelineException     if the stage threw for an input, or two workers died while
     *                               running it; thrown after all other inputs finished
     * @throws InterruptedException  if the calling thread is interrupted while waiting
     * @throws IllegalStateException if the pipeline is closed
     */
    public List<String> map(List<String> inputs) throws PipelineException, InterruptedException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The process ids of the current workers.
     *
     * @return one pid per worker, {@code workers} of them
     */
    public List<Long> workerPids() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Ends every worker: closes their stdin, waits up to 2 s, then destroys those still running,
     * with every process they started. Calling it again does nothing.
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
