/**
 * The jcstress phase of a grading run: race criteria name jcstress probes (module
 * {@code jcstress-tests}), {@link edu.concurrency.grader.jcstress.JcstressRunner} runs them all in
 * one jcstress invocation against the submission's classes, and reports a
 * {@link edu.concurrency.grader.jcstress.ProbeVerdict} per probe.
 *
 * <p>Verdicts, in short:
 * <ul>
 *   <li>PASSED: no forbidden outcome observed.</li>
 *   <li>FAILED: a forbidden outcome was observed (summary: the {@code @Outcome} description, the
 *       outcome, its count and the total samples); submission code threw (summary:
 *       "BoundedBuffer.offer threw UnsupportedOperationException: TODO (BoundedBuffer.java:9)");
 *       the submission does not match the API (jcstress status API_MISMATCH); or an actor never
 *       returned (summary: "Did not finish: an actor blocked (deadlock or lost wakeup?): ..." with
 *       where the actor waits).</li>
 *   <li>ERROR: the grader could not judge (no result, the JVM failed, an exception outside the
 *       submission, a timeout with nothing stuck).</li>
 * </ul>
 */
package edu.concurrency.grader.jcstress;
