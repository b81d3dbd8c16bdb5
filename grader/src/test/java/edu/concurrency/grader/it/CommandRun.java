package edu.concurrency.grader.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a command of an end-to-end test printed: its exit code, stdout and stderr together, and its
 * wall time. {@link #run} starts it without the {@code GITHUB_*} variables of the machine, so that
 * a test run inside GitHub Actions does not write into that run's outputs.
 *
 * @param exitCode its exit code
 * @param output   stdout and stderr
 * @param seconds  wall time
 */
record CommandRun(int exitCode, String output, double seconds) {
    /** The longest a command may take: past it, its process tree is killed and the test fails. */
    private static final int LIMIT_MINUTES = 15;

    /** The last 80 lines of the output, for assertion messages. */
    String tail() {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** The JVM running the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to the environment (a null value
     * removes a variable), its output in a log file under {@code logs}.
     */
    static CommandRun run(List<String> command, Path dir, Map<String, String> env, Path logs)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(logs, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GITHUB_"));
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + LIMIT_MINUTES + " minutes:\n" + Files.readString(log));
        }
        return new CommandRun(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
                (System.nanoTime() - start) / 1e9);
    }
}
