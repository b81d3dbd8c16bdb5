package edu.concurrency.grader.runner;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A JVM that holds a {@link TimingLock} as told on its standard input, one command a line
 * ({@code share}, {@code alone}, {@code release}), and answers {@code ok} on its standard output
 * once the command is done: for {@link TimingLockTest}, since the lock coordinates processes.
 */
public final class TimingLockHost {
    private TimingLockHost() {
    }

    public static void main(String[] args) throws Exception {
        try (TimingLock lock = TimingLock.open(Path.of(args[0]));
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            TimingLock.Alone alone = null;
            for (String command = in.readLine(); command != null; command = in.readLine()) {
                switch (command) {
                    case "share" -> lock.share();
                    case "alone" -> alone = lock.alone();
                    case "release" -> {
                        if (alone != null) {
                            alone.close();
                        }
                        lock.release();
                    }
                    default -> throw new IllegalArgumentException(command);
                }
                System.out.println("ok " + command);
                System.out.flush();
            }
        }
    }
}
