/**
 * What the race probes share: keeping the submission's output out of jcstress
 * ({@link edu.concurrency.probes.SubmissionOutput}).
 */
package edu.concurrency.probes;
