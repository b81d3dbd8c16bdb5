/**
 * jcstress race probes for the web client exercise ({@code edu.concurrency.webclient.AsyncLimiter}).
 *
 * <p>Each probe runs two actors against one fresh, small limiter per sample, many millions of
 * times, and records what they observed; an arbiter then reads the state the limiter was left in.
 * The {@code @Outcome} descriptions are the feedback a student sees when that outcome is
 * observed, so every forbidden outcome names its hazard first.
 *
 * <ul>
 *   <li>{@link edu.concurrency.probes.webclient.TwoAcquiresProbe}: two acquires of one permit,
 *       exactly one completes at once, and {@code availablePermits()} never reads negative
 *       (rubric criterion {@code webclient.race.acquire}).</li>
 *   <li>{@link edu.concurrency.probes.webclient.ReleaseAcquireProbe}: a release racing an acquire
 *       loses no permit (criterion {@code webclient.race.release}).</li>
 * </ul>
 *
 * <p>Two probes, not three: "availablePermits() is never negative" is read inside both, which
 * keeps the jcstress phase at about 2.6 s per probe (JDK 17) within the exercise's 30 s budget.
 *
 * <p>Rules for probes: at most two actors (the grading machines may have only two cores), no
 * blocking calls in actors ({@code AsyncLimiter} never blocks; a blocked actor hangs jcstress and
 * the grader's timeout then fails the probe), only the public API of the exercise, and futures
 * are recorded as 1 (completed) or 0 so that results fit jcstress's primitive result types.
 */
package edu.concurrency.probes.webclient;
