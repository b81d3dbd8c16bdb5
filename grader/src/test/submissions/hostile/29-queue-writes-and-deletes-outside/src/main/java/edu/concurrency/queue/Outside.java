package edu.concurrency.queue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HOSTILE: writes a file into the grader's working directory and deletes one there (found through
 * its parent's {@code /proc/PID/cwd}), and deletes a file of the grader's user's home.
 */
final class Outside {
    private Outside() {
    }

    static void vandalize() {
        try {
            Files.deleteIfExists(Path.of(System.getProperty("user.home"), ".concurrency-grader-victim"));
        } catch (Exception blocked) {
            // read-only or absent: carry on
        }
        ProcessHandle.current().parent().ifPresent(parent -> {
            try {
                Path cwd = Path.of("/proc", Long.toString(parent.pid()), "cwd");
                Files.deleteIfExists(cwd.resolve("grader-working-file.txt"));
                Files.writeString(cwd.resolve("planted-by-submission.txt"), "x");
            } catch (Exception blocked) {
                // not ours to write: carry on
            }
        });
    }
}
