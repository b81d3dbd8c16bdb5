/**
 * jcstress race probes for the queue exercise ({@code edu.concurrency.queue.BoundedBuffer}).
 *
 * <p>Each probe runs two actors against one fresh, small buffer per sample, many millions of
 * times, and records what they observed; an arbiter then reads the state the buffer was left in.
 * The {@code @Outcome} descriptions are the feedback a student sees when that outcome is
 * observed, so every forbidden outcome names its hazard first.
 *
 * <ul>
 *   <li>{@link edu.concurrency.probes.queue.OfferOfferProbe}: two offers into a capacity-1
 *       buffer never both succeed (rubric criterion {@code queue.race.offer}).</li>
 *   <li>{@link edu.concurrency.probes.queue.PollPollProbe}: two polls of one element, exactly one
 *       gets it (criterion {@code queue.race.poll}).</li>
 *   <li>{@link edu.concurrency.probes.queue.OfferPollSizeProbe}: an offer and a poll racing on a
 *       buffer with one element leave {@code size()} and the contents consistent (criterion
 *       {@code queue.race.size}).</li>
 * </ul>
 *
 * <p>Rules for probes: at most two actors (the grading machines may have only two cores), no
 * blocking calls in actors (a blocked actor hangs jcstress; the grader's timeout then fails the
 * probe), only the public API of the exercise, and {@code null} is recorded as {@code 0} so that
 * results fit jcstress's primitive result types.
 */
package edu.concurrency.probes.queue;
