/**
 * Grading suites of the queue exercise (package {@code edu.concurrency.queue}: {@code BoundedBuffer}
 * and {@code ProducerConsumer}). Each suite backs one or more criteria of the rubric
 * ({@code grader/src/main/resources/rubric/queue.yaml}):
 *
 * <table>
 *   <caption>Suites and criteria; wall time for the reference solution, each suite in its own JVM,
 *   2 cores, load average 5 to 7 plus two CPU hogs (mean / max of 5 runs)</caption>
 *   <tr><th>criterion</th><th>suite</th><th>wall time</th></tr>
 *   <tr><td>queue.basic</td><td>{@link edu.concurrency.grader.suites.queue.BasicContractSuite}</td><td>0.45 / 0.6 s</td></tr>
 *   <tr><td>queue.blocking</td><td>{@link edu.concurrency.grader.suites.queue.BlockingSuite}</td><td>0.6 / 0.9 s</td></tr>
 *   <tr><td>queue.timed</td><td>{@link edu.concurrency.grader.suites.queue.TimedWaitSuite}</td><td>1.7 / 1.9 s</td></tr>
 *   <tr><td>queue.interrupts</td><td>{@link edu.concurrency.grader.suites.queue.InterruptSuite}</td><td>0.5 / 0.8 s</td></tr>
 *   <tr><td>queue.no-busy-wait</td><td>{@link edu.concurrency.grader.suites.queue.NoBusyWaitSuite}</td><td>1.0 / 1.9 s</td></tr>
 *   <tr><td>queue.stress</td><td>{@link edu.concurrency.grader.suites.queue.StressSuite}</td><td>3.5 / 3.6 s</td></tr>
 *   <tr><td>queue.pc.delivery</td><td>{@link edu.concurrency.grader.suites.queue.ProducerConsumerDeliverySuite}</td><td>0.6 / 0.9 s</td></tr>
 *   <tr><td>queue.pc.shutdown</td><td>{@link edu.concurrency.grader.suites.queue.ProducerConsumerShutdownSuite}</td><td>0.4 / 0.8 s</td></tr>
 *   <tr><td>queue.arch.*</td><td>{@link edu.concurrency.grader.suites.queue.QueueArchitectureSuite} (one method per criterion)</td><td>1.1 / 1.8 s (all three)</td></tr>
 *   <tr><td>queue.perf.throughput</td><td>{@link edu.concurrency.grader.suites.queue.QueueThroughputSuite}</td><td>1.9 / 2.1 s</td></tr>
 *   <tr><td>queue.perf.speedup</td><td>{@link edu.concurrency.grader.suites.queue.QueueSpeedupSuite}</td><td>1.4 / 1.5 s</td></tr>
 * </table>
 *
 * <p>All suites in one JVM took 9 s (JDK 17 and 25, load average 7).
 *
 * <p>Conventions shared by all suites:
 * <ul>
 *   <li>Every call of submission code that could block runs on a worker thread
 *       ({@link edu.concurrency.grader.suites.support.Workers}) and is awaited with a deadline
 *       scaled by the timeout factor; a hang fails with the hazard first and then where each
 *       thread is blocked, and the threads are interrupted when the test ends.</li>
 *   <li>No sleeping to synchronise: the tests wait for thread states, latches, barriers or
 *       finished tasks. The only timed sleeps schedule events (wakeups at known moments in
 *       {@code TimedWaitSuite}) or model work (the I/O-like handler in {@code QueueSpeedupSuite}).</li>
 *   <li>Whether a call "blocks" is judged by behaviour (it has not returned while the other side
 *       did not act); how it waits is judged separately by {@code NoBusyWaitSuite} and the
 *       architecture rules, so one mistake costs one criterion.</li>
 *   <li>Timing bounds that load can violate (late returns, slow runs) are judged best-of-N;
 *       bounds that load cannot violate (early returns, wrong results) fail at the first
 *       violation.</li>
 * </ul>
 */
package edu.concurrency.grader.suites.queue;
