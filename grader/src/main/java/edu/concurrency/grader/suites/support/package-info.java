/**
 * Helpers shared by the grading suites of every exercise (queue, pipeline, web client).
 *
 * <ul>
 *   <li>{@link edu.concurrency.grader.suites.support.GradingEnvironment}: the only reader of the
 *       system properties the runner passes to the submission's JVM (cores, timeout factor,
 *       submission classes).</li>
 *   <li>{@link edu.concurrency.grader.suites.support.Workers} and
 *       {@link edu.concurrency.grader.suites.support.Worker}: run submission code on named daemon
 *       threads, wait for them with a deadline, turn a hang into a failure that says which thread
 *       is blocked where, and interrupt the stragglers when a test ends.</li>
 *   <li>{@link edu.concurrency.grader.suites.support.Threads}: await a thread state with a
 *       deadline, join with a deadline, and describe threads for feedback
 *       ({@code "consumer-2 WAITING on BoundedBuffer@1f in BoundedBuffer.take(BoundedBuffer.java:41)"}).</li>
 *   <li>{@link edu.concurrency.grader.suites.support.Architecture}: import the submission's classes
 *       for ArchUnit and fail with a headline a student understands.</li>
 * </ul>
 *
 * <p>Nothing here sleeps to synchronise: waiting is always for an observable condition (a thread
 * state, a finished task) with a deadline scaled by {@link
 * edu.concurrency.grader.suites.support.GradingEnvironment#scaled(java.time.Duration)}. JUnit 5 and
 * AssertJ have no such helpers (AssertJ has no thread assertions; JUnit's
 * {@code assertTimeoutPreemptively} cannot say where a thread is blocked), and Awaitility is not
 * on the class path.
 */
package edu.concurrency.grader.suites.support;
