/**
 * How the grader starts jcstress: {@link edu.concurrency.probes.launch.JcstressLauncher}, jcstress's
 * own run without its slow parts that a grader does not need (probing the JVM anew for every
 * invocation, and running every probe twice on JDK 17).
 */
package edu.concurrency.probes.launch;
