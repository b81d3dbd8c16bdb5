/**
 * Reference solution of lesson 1 (threads and a message queue): never given to students.
 *
 * <p>{@link edu.concurrency.queue.BoundedBuffer} is a circular array guarded by its own monitor,
 * with {@code while}-loop waits, {@code notifyAll} on every change, and timed waits against one
 * {@code System.nanoTime()} deadline per call. {@link edu.concurrency.queue.ProducerConsumer}
 * connects one producer thread per source and the consumer threads through one buffer, ends the
 * stream with one poison pill per consumer, and on a failure or an interrupt of the caller stops
 * every thread (a flag, then an interrupt), joins them all, and throws. The grader must give this
 * package full marks on every criterion, every time; the buggy variants under
 * {@code grader/src/test/submissions/queue/} each differ from it by one realistic mistake.
 */
package edu.concurrency.queue;
