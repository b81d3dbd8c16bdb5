/**
 * Grading suites of the pipeline exercise ({@code edu.concurrency.pipeline}): worker JVMs that a
 * {@code ProcessPipeline} starts and feeds over pipes.
 *
 * <p>Criteria and suites (ids as in the rubric):
 * <ul>
 *   <li>{@code pipeline.workers}: {@link edu.concurrency.grader.suites.pipeline.WorkersSuite};
 *       {@code pipeline.order}: {@link edu.concurrency.grader.suites.pipeline.OrderSuite};
 *       {@code pipeline.reuse}: {@link edu.concurrency.grader.suites.pipeline.ReuseSuite};
 *       {@code pipeline.stage-errors}: {@link edu.concurrency.grader.suites.pipeline.StageErrorSuite};
 *       {@code pipeline.stdout}, {@code pipeline.stderr}:
 *       {@link edu.concurrency.grader.suites.pipeline.StageOutputSuite};
 *       {@code pipeline.big-data}: {@link edu.concurrency.grader.suites.pipeline.VolumeSuite};
 *       {@code pipeline.recovery}, {@code pipeline.poison}:
 *       {@link edu.concurrency.grader.suites.pipeline.RecoverySuite};
 *       {@code pipeline.close}: {@link edu.concurrency.grader.suites.pipeline.CloseSuite};
 *       {@code pipeline.worker-protocol}: {@link edu.concurrency.grader.suites.pipeline.WorkerProtocolSuite}
 *       (WorkerMain driven directly, without the student's pipeline);</li>
 *   <li>architecture: {@link edu.concurrency.grader.suites.pipeline.PipelineArchitectureSuite};</li>
 *   <li>performance: {@link edu.concurrency.grader.suites.pipeline.PipelineSpeedupSuite},
 *       {@link edu.concurrency.grader.suites.pipeline.OverheadSuite}.</li>
 * </ul>
 * There is no race criterion: see the rubric's comment.
 *
 * <p>How the suites stay trustworthy with processes:
 * <ul>
 *   <li>Every call of submission code runs on a named thread with a deadline
 *       ({@link edu.concurrency.grader.suites.pipeline.PipelineHarness}); a hang becomes a failure that
 *       names the hazard ("Pipe deadlock: ...") and says what each worker process is doing
 *       (blocked writing to a full pipe, waiting for a request, running, gone) and where the
 *       pipeline's threads are.</li>
 *   <li>Every process started during a check is recorded
 *       ({@link edu.concurrency.grader.suites.pipeline.ProcessWatch}) and, after the check, killed
 *       if still running, orphans included; leftovers are published in the report. A worker that
 *       died on its own has its command run again, so that the feedback shows why it never
 *       started (its stderr).</li>
 *   <li>Synchronisation with the workers is by observation, never by sleeping: marker files
 *       written before a worker answers, a loopback rendezvous server that stage calls report to
 *       ({@link edu.concurrency.grader.suites.pipeline.Rendezvous}), process states in
 *       {@code /proc}.</li>
 *   <li>The stages the grader runs in the workers live in
 *       {@link edu.concurrency.grader.suites.pipeline.stages}: they are on the grading JVM's class
 *       path, which a correct submission passes on to its workers.</li>
 * </ul>
 */
package edu.concurrency.grader.suites.pipeline;
