package edu.concurrency.grader.batch;

import edu.concurrency.grader.gradebook.StudentRow;
import edu.concurrency.grader.gradebook.SubmissionStatus;
import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What a batch shows while it grades: a progress bar on a terminal (done/total, elapsed, ETA, the
 * student being graded, the running counts of full marks, failures and errors), or one plain line
 * per submission when stdout is not a terminal (CI logs). Never both.
 */
public abstract class Progress implements AutoCloseable {
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger fullMarks = new AtomicInteger();
    private final AtomicInteger belowFull = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();

    Progress(int total) {
        this.total = total;
    }

    /** A progress bar when {@code System.out} is a terminal, else plain lines on {@code lines}. */
    public static Progress forConsole(int total, PrintWriter lines) {
        return isTerminal() ? new Bar(total, System.out) : new Lines(total, lines);
    }

    /** Plain lines on {@code out}, one per submission. */
    public static Progress lines(int total, PrintWriter out) {
        return new Lines(total, out);
    }

    /** Whether stdout is a terminal: {@link System#console()}, and on JDK 22+ its {@code isTerminal()}. */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException jdk17) {
            return true; // before JDK 22, System.console() is null unless stdin and stdout are terminals
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** A submission's grading started. */
    public abstract void started(String student);

    /**
     * A student is done.
     *
     * @param row     the row
     * @param how     "graded", "kept" (unchanged since its report) ...
     * @param seconds time it took, in s
     */
    public void finished(StudentRow row, String how, double seconds) {
        int n = done.incrementAndGet();
        if (row.status() == SubmissionStatus.GRADER_ERROR) {
            errors.incrementAndGet();
        } else if (row.maxPoints() > 0 && row.points() == row.maxPoints()) {
            fullMarks.incrementAndGet();
        } else {
            belowFull.incrementAndGet();
        }
        show(n, row, how, seconds);
    }

    abstract void show(int n, StudentRow row, String how, double seconds);

    int total() {
        return total;
    }

    String counts() {
        return "full marks " + fullMarks.get() + ", below " + belowFull.get() + ", errors " + errors.get();
    }

    @Override
    public abstract void close();

    private static final class Lines extends Progress {
        private final PrintWriter out;

        Lines(int total, PrintWriter out) {
            super(total);
            this.out = out;
        }

        @Override
        public void started(String student) {
            // one line per submission, when it is done
        }

        @Override
        synchronized void show(int n, StudentRow row, String how, double seconds) {
            out.printf(Locale.ROOT, "[%d/%d] %s: %s %d/%d%s (%s, %.1f s)%n", n, total(), row.student(), row.status().label(),
                    row.points(), row.maxPoints(), row.cause() == null ? "" : " - " + row.cause(), how, seconds);
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(int total, PrintStream out) {
            super(total);
            bar = new ProgressBarBuilder().setTaskName("Grading").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(500).build();
        }

        @Override
        public synchronized void started(String student) {
            bar.setExtraMessage(student + " | " + counts());
        }

        @Override
        synchronized void show(int n, StudentRow row, String how, double seconds) {
            bar.stepTo(n);
            bar.setExtraMessage(row.student() + " " + row.points() + "/" + row.maxPoints() + " | " + counts());
        }

        @Override
        public synchronized void close() {
            bar.close();
        }
    }
}
