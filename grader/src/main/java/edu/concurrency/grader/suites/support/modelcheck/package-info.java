/**
 * Model checking of the race criteria with Lincheck ({@code org.jetbrains.lincheck:lincheck}): a
 * few operations of the submission's class run in two threads, the model checker explores their
 * interleavings deterministically, and when the results are not linearizable against the
 * grader's own sequential specification it prints the schedule that breaks it, step by step, with
 * the fields read and written and {@code File.java:line} of the submission.
 *
 * <p>Each model mirrors a jcstress probe of a race criterion (same operations, same initial
 * state): {@code suites.queue.BufferModels} for
 * {@code queue.race.*}, {@code suites.webclient.LimiterModels} for
 * {@code webclient.race.*}. The specifications are the grader's, never the student's class.
 * The suites ({@code suites.queue.QueueModelCheckSuite},
 * {@code suites.webclient.LimiterModelCheckSuite}) run in a forked JVM of
 * the submission like every other suite; that fork alone starts with
 * {@code -javaagent:} Byte Buddy's installer (in the grader jar's manifest), from which Lincheck
 * takes its {@code Instrumentation}: the forks keep the attach mechanism disabled.
 *
 * <p>Blocking operations ({@code put}, {@code take}) are model-checked in fixed scenarios
 * ({@link edu.concurrency.grader.suites.support.modelcheck.ModelChecker#scenario}) in which every
 * operation of a correct class completes, against a specification in which an operation that
 * would wait cannot take effect; Lincheck handles {@code Object.wait}/{@code notifyAll}.
 *
 * <p>What the model checker cannot see: it assumes sequential consistency (a missing
 * {@code volatile} is jcstress's to find) and wakes every waiter (it cannot tell {@code notify}
 * from {@code notifyAll}; the stress suite can). The runner combines its verdict with jcstress's
 * ({@code runner.RaceVerdicts}).
 */
package edu.concurrency.grader.suites.support.modelcheck;
