package edu.concurrency.grader.fork;

import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.verdict.SuiteOutcome;
import edu.concurrency.grader.verdict.TestFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Collects the verdict of one attempt at a criterion from the JUnit Platform: failed checks with
 * the submission's file:line, skip reasons, and published measurements.
 */
final class CriterionListener implements TestExecutionListener {
    /** Classes of the grader itself, suites included. */
    private static final String GRADER_PACKAGE = "edu.concurrency.grader.";

    private final String exercisePackage;
    private final List<TestFailure> failures = new ArrayList<>();
    private final List<String> skipReasons = new ArrayList<>();
    private final Map<String, String> measurements = new LinkedHashMap<>();
    private String threadDump;
    private int passed;
    private boolean apiMismatch;
    private boolean hung;
    private boolean clearMiss;

    CriterionListener(String exercisePackage) {
        this.exercisePackage = exercisePackage;
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                if (id.isTest()) {
                    passed++;
                }
            }
            case ABORTED -> {
                Throwable t = result.getThrowable().orElse(null);
                String where = Feedback.location(t, exercisePackage);
                if (where != null) {
                    // a skip thrown from the submission's own code is an attempt to dodge the check
                    failures.add(new TestFailure(id.getDisplayName(), "The submission's code aborted the check by throwing "
                            + t.getClass().getName() + ": checks may not be skipped by the code under test", where));
                } else if (!thrownByTheGrader(t)) {
                    // no frame of a grader check: not the grader's own "cannot judge here" (an emptied trace?)
                    failures.add(new TestFailure(id.getDisplayName(), "The check was aborted by a "
                            + (t == null ? "skip" : t.getClass().getName()) + " that no grader check threw (its stack"
                            + " trace holds no grader frame): checks may not be skipped by the code under test", null));
                } else {
                    skipReasons.add(t.getMessage() == null ? "skipped" : t.getMessage());
                }
            }
            case FAILED -> {
                Throwable t = result.getThrowable().orElse(null);
                hung |= t instanceof HangError || t instanceof TimeoutException;
                clearMiss |= t instanceof ClearMiss;
                if (t instanceof TimeoutException && threadDump == null) {
                    threadDump = ThreadDumps.dump(exercisePackage);
                }
                failures.add(new TestFailure(id.getDisplayName(), Feedback.describe(t), Feedback.location(t, exercisePackage)));
                apiMismatch |= Feedback.isApiMismatch(t);
            }
        }
    }

    /**
     * Whether a grader check threw {@code t} itself: its stack trace has a frame of the grader's
     * own classes (the suites call {@code Assumptions.abort} when a runner cannot judge).
     */
    private static boolean thrownByTheGrader(Throwable t) {
        if (t == null) {
            return false;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith(GRADER_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        synchronized (this) {
            skipReasons.add(reason);
        }
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        measurements.putAll(entry.getKeyValuePairs());
    }

    /**
     * Whether no other attempt is worth making: a check of this attempt hung, or missed its
     * threshold so clearly that another attempt cannot pass ({@link ClearMiss}).
     */
    synchronized boolean decisive() {
        return hung || clearMiss;
    }

    /** The verdict of this attempt. */
    synchronized SuiteOutcome outcome(long durationMillis, int attempt) {
        Status status;
        String summary;
        if (!failures.isEmpty()) {
            status = apiMismatch ? Status.ERROR : Status.FAILED;
            summary = failures.get(0).oneLine() + (failures.size() > 1 ? " (+" + (failures.size() - 1) + " more)" : "");
        } else if (passed == 0 && !skipReasons.isEmpty()) {
            status = Status.SKIPPED;
            summary = "Skipped: " + skipReasons.get(0);
        } else if (passed == 0) {
            status = Status.ERROR;
            summary = "No check ran: the criterion's tests were not found in the grader";
        } else {
            status = Status.PASSED;
            summary = "All " + passed + " checks passed" + (skipReasons.isEmpty() ? ""
                    : " (" + skipReasons.size() + " more could not be judged on this runner: " + skipReasons.get(0) + ")");
        }
        return new SuiteOutcome(status, summary, failures, measurements, threadDump, durationMillis, attempt, List.of());
    }
}
