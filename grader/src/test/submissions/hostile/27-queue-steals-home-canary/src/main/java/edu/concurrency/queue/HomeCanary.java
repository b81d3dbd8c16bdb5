package edu.concurrency.queue;

import java.nio.file.Files;
import java.nio.file.Path;

/** HOSTILE: reads a file from the grader's user's home and sends it out through the report. */
final class HomeCanary {
    private HomeCanary() {
    }

    static void steal() {
        Path canary = Path.of(System.getProperty("user.home"), ".concurrency-grader-canary");
        String stolen;
        try {
            stolen = Files.readString(canary).strip();
        } catch (Exception unreadable) {
            return; // nothing to steal: behave
        }
        System.out.println("stolen: " + stolen);
        throw new IllegalStateException("stolen from the grader's home: " + stolen);
    }
}
