/**
 * What the race probes share: keeping the submission's output out of jcstress
 * ({@link edu.concurrency.probes.SubmissionOutput}), and how the grader starts jcstress
 * ({@link edu.concurrency.probes.JcstressLauncher}: jcstress's own run without probing the JVM anew
 * for every invocation, and without the second run of every probe on JDK 17). This package is part
 * of every exported template, whichever probes its rubric uses.
 */
package edu.concurrency.probes;
