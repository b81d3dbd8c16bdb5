package edu.concurrency.grader.jcstress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A thread dump as printed by {@code jcmd PID Thread.print} (JDK 17 and 25 formats). */
final class ThreadDump {

    /**
     * One thread of the dump.
     *
     * @param name  the thread's name
     * @param state the {@code java.lang.Thread.State} line's value, e.g. "WAITING (on object monitor)"
     * @param lines the frame and lock lines, trimmed, in dump order (innermost first)
     */
    record DumpedThread(String name, String state, List<String> lines) {

        /** The parsed frames, innermost first. */
        List<StackFrames.Frame> frames() {
            List<StackFrames.Frame> frames = new ArrayList<>();
            for (String line : lines) {
                StackFrames.parse(line).ifPresent(frames::add);
            }
            return frames;
        }

        /** Whether a frame belongs to {@code className} itself: the thread is inside a probe's method. */
        boolean inside(String className) {
            return frames().stream().anyMatch(f -> f.className().equals(className));
        }

        /** The innermost submission frame, or else the innermost frame of {@code probe}. */
        Optional<StackFrames.Frame> where(String probe) {
            List<StackFrames.Frame> frames = frames();
            return frames.stream().filter(StackFrames::isSubmission).findFirst()
                    .or(() -> frames.stream().filter(f -> f.className().equals(probe)).findFirst());
        }
    }

    private final List<DumpedThread> threads;

    private ThreadDump(List<DumpedThread> threads) {
        this.threads = List.copyOf(threads);
    }

    /** The threads of the dump, in dump order. */
    List<DumpedThread> threads() {
        return threads;
    }

    /** Parses the text of a thread dump; lines outside thread blocks are ignored. */
    static ThreadDump parse(String text) {
        List<DumpedThread> threads = new ArrayList<>();
        String name = null;
        String state = "";
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            if (raw.startsWith("\"")) {
                if (name != null) {
                    threads.add(new DumpedThread(name, state, lines));
                }
                int end = raw.indexOf('"', 1);
                name = end > 0 ? raw.substring(1, end) : raw.substring(1);
                state = "";
                lines = new ArrayList<>();
            } else if (name != null) {
                String line = raw.trim();
                if (line.startsWith("java.lang.Thread.State:")) {
                    state = line.substring("java.lang.Thread.State:".length()).trim();
                } else if (line.startsWith("at ") || line.startsWith("- ")) {
                    lines.add(line);
                }
            }
        }
        if (name != null) {
            threads.add(new DumpedThread(name, state, lines));
        }
        return new ThreadDump(threads);
    }
}
