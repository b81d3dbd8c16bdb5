package edu.concurrency.pipeline;

/**
 * The program a worker process runs: {@code java -cp ... edu.concurrency.pipeline.WorkerMain
 * <stage class name>}.
 *
 * <p>It creates one instance of the stage class (public, public no-argument constructor), then
 * reads request lines from stdin until end of file and answers each one on stdout, with the wire
 * protocol of the package documentation:
 * <ul>
 *   <li>{@code <id>\tOK\t<output>} when the stage returned, {@code <id>\tERR\t<message>} when it
 *       threw; payloads escaped ({@code \\ \t \n \r}); one response per request, in request
 *       order, flushed at once;</li>
 *   <li>a malformed request line is answered with {@code -1\tERR\t<message>}, and the worker
 *       goes on;</li>
 *   <li>nothing else on stdout: what the stage prints to {@code System.out} goes to stderr;</li>
 *   <li>exit status 0 when stdin closes.</li>
 * </ul>
 * This is the only class that may call {@link Stage#apply(String)}, {@code System.exit} or
 * {@code Runtime.halt}.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    /**
     * Runs the worker.
     *
     * @param args {@code args[0]}: the fully qualified name of the stage class
     * @throws Exception if the stage cannot be created, or stdin or stdout fail
     */
    public static void main(String[] args) throws Exception {
        throw new UnsupportedOperationException("TODO");
    }
}
