/**
 * Exercise 2: parallelism with processes. CPU-bound work is spread over worker processes that
 * talk to the parent through a message queue over pipes.
 *
 * <p>Python needs this because of its global interpreter lock; Java does not, and that makes
 * the costs easy to see. A process costs a JVM start-up (0.3-0.6 s on the grading machine) and
 * every input and output is copied through a pipe as text. In return a process is isolated: a
 * worker that crashes, leaks memory or calls {@code System.exit} does not take the program
 * down; it is simply replaced.
 *
 * <h2>What you write</h2>
 * <ul>
 *   <li>{@link edu.concurrency.pipeline.ProcessPipeline}: the parent side. It starts worker JVMs,
 *       sends them requests, collects the responses in input order, replaces workers that die
 *       and ends them all on {@code close()}.</li>
 *   <li>{@link edu.concurrency.pipeline.WorkerMain}: the worker side. It reads requests from
 *       stdin, runs the {@link edu.concurrency.pipeline.Stage} and writes responses to stdout.</li>
 * </ul>
 * {@link edu.concurrency.pipeline.Stage} and {@link edu.concurrency.pipeline.PipelineException}
 * are provided; do not change them. You may add private members, and package-private classes in
 * this package. The public API is exactly what the stubs declare.
 *
 * <h2>The wire protocol</h2>
 * The grader tests it from both ends: it drives your {@code WorkerMain} directly, and it runs
 * your {@code ProcessPipeline} against your {@code WorkerMain}.
 * <ul>
 *   <li>Each message is one line of UTF-8 text, ended by LF ({@code \n}).</li>
 *   <li>In payloads (inputs, outputs, messages), backslash, tab, LF and CR are written as the two
 *       characters {@code \\}, {@code \t}, {@code \n} and {@code \r}. Every other character
 *       stands for itself. So a payload never contains a raw tab or line break.</li>
 *   <li>A request (parent to the worker's stdin) is the id, a tab, and the escaped input; in
 *       Java: {@code id + "\t" + escape(input)}. The id is a non-negative decimal number chosen by
 *       the parent.</li>
 *   <li>A response (on the worker's stdout) is the request's id, a tab, {@code OK}, a tab and the
 *       escaped output when the stage returned ({@code id + "\tOK\t" + escape(output)}), or the id,
 *       a tab, {@code ERR}, a tab and an escaped message when it threw
 *       ({@code id + "\tERR\t" + escape(message)}). The message includes the exception's own
 *       message.</li>
 *   <li>A worker answers in the order it received the requests, and flushes stdout after each
 *       response (otherwise the response sits in a buffer and the parent waits forever).</li>
 *   <li>A worker writes nothing else on stdout: whatever the stage prints to
 *       {@code System.out} goes to stderr.</li>
 *   <li>A worker exits with status 0 when its stdin closes (end of file).</li>
 *   <li>A malformed request line (no tab, an id that is not a number, or a backslash not
 *       followed by {@code \}, {@code t}, {@code n} or {@code r}) is answered with
 *       {@code "-1\tERR\t" + escape(message)}, and the worker goes on with the next line.</li>
 * </ul>
 * Example: the request {@code 3\tone\ttwo} written as the bytes {@code 3}, TAB, {@code one},
 * backslash, {@code t}, {@code two}, LF carries the input "one" TAB "two".
 *
 * <h2>Rules the grader checks in your code</h2>
 * <ul>
 *   <li>Only {@code WorkerMain} (with its nested classes and lambdas) calls
 *       {@link edu.concurrency.pipeline.Stage#apply(String)}: the parent never computes.</li>
 *   <li>{@code ProcessPipeline} starts processes with {@link java.lang.ProcessBuilder}.</li>
 *   <li>No class other than {@code WorkerMain} calls {@code System.exit} or
 *       {@code Runtime.halt}.</li>
 * </ul>
 *
 * <h2>Pitfalls (each one is a test)</h2>
 * <ul>
 *   <li>A pipe holds only about 64 KiB. A process that writes to a full pipe blocks until
 *       someone reads it. Writing all requests before reading any response deadlocks as soon as
 *       the data exceeds the pipe buffers; so does a worker whose stderr nobody reads.</li>
 *   <li>A stage may print to {@code System.out}; that must not corrupt the protocol.</li>
 *   <li>A worker may die (killed, or a stage that halts its JVM): replace it and send its
 *       unfinished requests again; but an input during which two workers died fails.</li>
 *   <li>A worker process may itself start processes; {@code close()} leaves none of them
 *       running.</li>
 * </ul>
 * The grading machine runs Linux.
 */
package edu.concurrency.pipeline;
