/**
 * Running a submission's processes in a sandbox of Linux namespaces, through bubblewrap
 * ({@code bwrap}, the sandbox Flatpak uses), without root and without a daemon.
 *
 * <p>{@link edu.concurrency.grader.sandbox.Sandbox} is chosen once per grading
 * ({@code --sandbox auto|bwrap|none}; {@code auto} runs {@code bwrap ... true} once to learn whether
 * the machine allows it) and turns a command into its sandboxed form given what the process may
 * read ({@link edu.concurrency.grader.sandbox.Confinement}): a file system of the JDK, the system
 * libraries and the named paths, read-only, its own writable directories, a private {@code /tmp}
 * and an empty home; only its own loopback network; its own PID namespace that dies with the
 * grader; and an environment reduced to what the JVM needs.
 */
package edu.concurrency.grader.sandbox;
