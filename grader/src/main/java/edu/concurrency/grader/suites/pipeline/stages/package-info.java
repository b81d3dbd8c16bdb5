/**
 * The stages the grader runs in a submission's worker processes.
 *
 * <p>They live in the grader jar, which is on the class path of the grading JVM; a correct
 * submission starts its workers with that same class path, so they find these classes by name.
 * Every stage is a public class with a public no-argument constructor, as {@code WorkerMain}
 * requires. Inputs are small command strings with fields separated by {@code |}; the suites build
 * them with the static helpers of each stage, so the format lives in one place.
 *
 * <p>Some stages deliberately misbehave (print to {@code System.out}, flood stderr, halt their
 * JVM, refuse to shut down, start a grandchild process): that is what they are for. They may use
 * {@code Thread.sleep} and {@code Runtime.halt}: they model work and crashes in the worker, not
 * synchronisation of the grader.
 */
package edu.concurrency.grader.suites.pipeline.stages;
