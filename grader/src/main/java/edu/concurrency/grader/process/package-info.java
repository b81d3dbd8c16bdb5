/**
 * Running untrusted submission code in processes the grader fully controls.
 *
 * <p>Every JVM the grader starts for a submission (the suite runner, jcstress and its forks, the
 * submission's own children) is started through {@link edu.concurrency.grader.process.ManagedProcess}:
 * in its own process group, in a cgroup of its own when the machine allows it (cgroup v1 pids
 * controller, or a delegated cgroup v2 subtree; a process cannot leave it by {@code setsid} or by
 * clearing its environment, which without a cgroup is an escape unless it stays in its confined
 * working directory), tagged with a marker environment variable that descendants inherit, with stdout and stderr drained into bounded buffers so that a
 * chatty submission can neither block on a full pipe nor exhaust the grader's memory, without the
 * grader's secrets in its
 * environment ({@code GITHUB_*}, {@code ACTIONS_*}, {@code RUNNER_*}, {@code INPUT_*}, and names
 * containing TOKEN, SECRET, PASSWORD or CREDENTIAL), and with {@code killTree()} that leaves no
 * process behind and kills nothing else (a reused pid is recognized by its start time). Given a
 * {@link edu.concurrency.grader.sandbox.Confinement}, the process runs inside the grading's
 * bubblewrap sandbox, whose PID namespace the kernel ends with it.
 */
package edu.concurrency.grader.process;
