package edu.concurrency.grader.jcstress;

import edu.concurrency.grader.jcstress.ProbeVerdict.Outcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns jcstress results and hang diagnoses into verdicts with student feedback. */
final class Verdicts {

    /** Summary prefix of a probe whose actor never returned. */
    static final String DID_NOT_FINISH = "Did not finish: an actor blocked (deadlock or lost wakeup?)";

    private static final Pattern EXCEPTION_HEADER = Pattern.compile("^[\\w$]+(\\.[\\w$]+)+(: .*)?$");
    private static final int MAX_TRACE_LINES = 15;

    private Verdicts() {
    }

    /** The verdict for a probe jcstress reported on. */
    static ProbeVerdict of(ProbeResult r) {
        return switch (r.status()) {
            case "NORMAL" -> normal(r);
            case "API_MISMATCH" -> apiMismatch(r);
            case "CHECK_TEST_ERROR", "TEST_ERROR" -> exception(r);
            case "TIMEOUT_ERROR" -> new ProbeVerdict(r.name(), Outcome.FAILED,
                    DID_NOT_FINISH + ": jcstress gave up waiting for the actors to return.", withMessages(r, List.of()));
            default -> new ProbeVerdict(r.name(), Outcome.ERROR,
                    "The JVM running the probe failed (jcstress status " + r.status() + "): "
                            + firstLine(r.messages(), r.vmErr()), withMessages(r, List.of()));
        };
    }

    private static ProbeVerdict normal(ProbeResult r) {
        List<String> details = new ArrayList<>();
        if (!r.description().isBlank()) {
            details.add("Probe: " + r.description());
        }
        for (ProbeResult.Observed o : observed(r)) {
            details.add(String.format(Locale.ROOT, "%s \"%s\": %s of %s samples (%.2f%%) - %s",
                    o.forbidden() ? "FORBIDDEN" : "acceptable", o.id(), count(o.count()), count(r.total()),
                    100.0 * o.count() / Math.max(1, r.total()), o.description()));
        }
        if (r.total() == 0) {
            return new ProbeVerdict(r.name(), Outcome.ERROR, "jcstress ran the probe but collected no samples.",
                    withMessages(r, details));
        }
        List<ProbeResult.Observed> forbidden = observed(r).stream().filter(ProbeResult.Observed::forbidden).toList();
        if (forbidden.isEmpty()) {
            if (r.passed()) {
                return new ProbeVerdict(r.name(), Outcome.PASSED,
                        "No forbidden outcome in " + count(r.total()) + " samples.", details);
            }
            return new ProbeVerdict(r.name(), Outcome.ERROR,
                    "jcstress graded the probe as failed without observing a forbidden outcome.",
                    withMessages(r, details));
        }
        ProbeResult.Observed top = forbidden.get(0);
        String summary = sentence(top.description()) + " Observed \"" + top.id() + "\" in " + count(top.count())
                + " of " + count(r.total()) + " samples."
                + (forbidden.size() > 1 ? " " + (forbidden.size() - 1) + " more forbidden outcome(s) in the details." : "");
        return new ProbeVerdict(r.name(), Outcome.FAILED, summary, details);
    }

    /**
     * An API mismatch (a missing class, method or field, or a changed signature) is an ERROR, as in
     * the suite runner: the probe could not judge the code; the student must fix the API first.
     */
    private static ProbeVerdict apiMismatch(ProbeResult r) {
        Optional<ThrownException> thrown = thrown(r.messages());
        String what = thrown.map(ThrownException::simpleHeader).orElse(firstLine(r.messages(), r.vmErr()));
        return new ProbeVerdict(r.name(), Outcome.ERROR, "The submission does not match the exercise's API ("
                + what + "): a class, method or signature is missing or changed.", withMessages(r, List.of()));
    }

    private static ProbeVerdict exception(ProbeResult r) {
        Optional<ThrownException> thrown = thrown(r.messages());
        Optional<StackFrames.Frame> where = thrown.flatMap(ThrownException::submissionFrame);
        if (thrown.isEmpty() || where.isEmpty()) {
            return new ProbeVerdict(r.name(), Outcome.ERROR,
                    "The probe failed outside the submission: " + thrown.map(ThrownException::header)
                            .orElse(firstLine(r.messages(), r.vmErr())), withMessages(r, List.of()));
        }
        ThrownException t = thrown.get();
        StackFrames.Frame f = where.get();
        String summary = f.simpleClassName() + "." + f.method() + " threw " + t.simpleHeader()
                + " (" + f.location() + ")" + hint(t.type());
        if (r.status().equals("TEST_ERROR") && hint(t.type()).isEmpty()) {
            // jcstress first calls every actor once in a single-threaded check (CHECK_TEST_ERROR);
            // TEST_ERROR means the exception came only once the actors ran concurrently.
            summary = "Race condition: " + summary + " while two threads called it concurrently"
                    + " (a single-threaded call did not throw).";
        }
        List<String> details = new ArrayList<>();
        if (!r.description().isBlank()) {
            details.add("Probe: " + r.description());
        }
        details.addAll(t.trace());
        return new ProbeVerdict(r.name(), Outcome.FAILED, summary, details);
    }

    /** The verdict for a probe whose actor did not return; {@code actors} from the thread dump. */
    static ProbeVerdict hang(String probe, Duration timeout, Duration stuckFor, List<HangDiagnosis.Actor> actors) {
        List<String> details = new ArrayList<>();
        details.add("The JVM running this probe was stuck for " + seconds(stuckFor) + " (a working one ends within"
                + " seconds; the limit of the whole jcstress run was " + seconds(timeout) + ") and was killed.");
        String summary = DID_NOT_FINISH + ".";
        if (!actors.isEmpty()) {
            HangDiagnosis.Actor first = actors.get(0);
            summary = DID_NOT_FINISH + ": " + first.headline() + " for " + seconds(stuckFor)
                    + (actors.size() > 1 ? " (and " + (actors.size() - 1) + " more, see details)." : ".");
            for (HangDiagnosis.Actor a : actors) {
                details.add(a.headline() + ":");
                a.stack().forEach(line -> details.add("    " + line));
            }
        } else {
            details.add("No thread dump of the stuck JVM was available.");
        }
        return new ProbeVerdict(probe, Outcome.FAILED, summary, details);
    }

    private static String hint(String exceptionType) {
        if (exceptionType.equals("java.lang.IllegalMonitorStateException")) {
            return " - wait/notify/notifyAll called without holding that object's monitor";
        }
        return "";
    }

    private static List<ProbeResult.Observed> observed(ProbeResult r) {
        return r.outcomes().stream().filter(o -> o.count() > 0)
                .sorted(Comparator.comparing((ProbeResult.Observed o) -> !o.forbidden())
                        .thenComparing(ProbeResult.Observed::count, Comparator.reverseOrder()))
                .toList();
    }

    private static List<String> withMessages(ProbeResult r, List<String> before) {
        List<String> details = new ArrayList<>(before);
        Set<String> seen = new LinkedHashSet<>(r.messages());
        if (!seen.isEmpty()) {
            details.add("jcstress messages:");
            seen.stream().limit(40).forEach(m -> details.add("    " + m.strip()));
        }
        List<String> vmErr = r.vmErr().stream().filter(line -> !isJvmNoise(line)).distinct().limit(20).toList();
        if (!vmErr.isEmpty()) {
            details.add("JVM error output:");
            vmErr.forEach(m -> details.add("    " + m.strip()));
        }
        return details;
    }

    /**
     * JDK 24+ warns on every fork that JNA (used by jcstress for CPU affinity) loads a native
     * library; such lines say nothing about the submission.
     */
    static boolean isJvmNoise(String line) {
        String l = line.strip();
        return l.isEmpty() || (l.startsWith("WARNING: ") && (l.contains("restricted method")
                || l.contains("Restricted methods") || l.contains("--enable-native-access")
                || l.contains("System::load")));
    }

    private static String firstLine(List<String> messages, List<String> vmErr) {
        for (List<String> lines : List.of(messages, vmErr)) {
            for (String line : lines) {
                if (!isJvmNoise(line) && !line.endsWith("failed") && !line.endsWith("skipping")) {
                    return line.strip();
                }
            }
        }
        return messages.isEmpty() ? "no message" : messages.get(0).strip();
    }

    private static String sentence(String s) {
        String t = s.strip();
        return t.isEmpty() ? "Forbidden outcome." : (t.endsWith(".") ? t : t + ".");
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.0f s", d.toMillis() / 1000.0);
    }

    /** An exception trace found in jcstress's messages; causes come as further instances. */
    record ThrownException(String header, List<String> trace, List<StackFrames.Frame> frames) {

        String type() {
            int colon = header.indexOf(": ");
            return colon < 0 ? header : header.substring(0, colon);
        }

        /** {@code UnsupportedOperationException: TODO}. */
        String simpleHeader() {
            int colon = header.indexOf(": ");
            String type = StackFrames.simpleName(type());
            return colon < 0 ? type : type + header.substring(colon);
        }

        /** The innermost frame of submission code. */
        Optional<StackFrames.Frame> submissionFrame() {
            return frames.stream().filter(StackFrames::isSubmission).findFirst();
        }
    }

    /**
     * The first exception in jcstress's messages that went through submission code (or else the
     * first exception at all). The messages repeat the trace once per fork; the first suffices.
     */
    static Optional<ThrownException> thrown(List<String> messages) {
        List<ThrownException> found = new ArrayList<>();
        String header = null;
        List<String> trace = new ArrayList<>();
        List<StackFrames.Frame> frames = new ArrayList<>();
        for (String raw : messages) {
            String line = raw.strip();
            Optional<StackFrames.Frame> frame = StackFrames.parse(raw);
            String causeHeader = line.startsWith("Caused by: ") ? line.substring("Caused by: ".length()) : null;
            if (frame.isPresent()) {
                if (header != null) {
                    frames.add(frame.get());
                    if (trace.size() < MAX_TRACE_LINES) {
                        trace.add("    at " + frame.get().className() + "." + frame.get().method()
                                + "(" + frame.get().location() + ")");
                    }
                }
                continue;
            }
            if (line.startsWith("...")) {
                continue;
            }
            if (causeHeader != null || EXCEPTION_HEADER.matcher(line).matches()) {
                if (header != null) {
                    found.add(new ThrownException(header, List.copyOf(trace), List.copyOf(frames)));
                }
                header = causeHeader != null ? causeHeader : line;
                trace = new ArrayList<>();
                trace.add((causeHeader != null ? "Caused by: " : "") + header);
                frames = new ArrayList<>();
            } else if (header != null && frames.isEmpty()) {
                trace.add(line); // a multi-line exception message
            } else if (header != null) {
                found.add(new ThrownException(header, List.copyOf(trace), List.copyOf(frames)));
                header = null;
            }
        }
        if (header != null) {
            found.add(new ThrownException(header, List.copyOf(trace), List.copyOf(frames)));
        }
        return found.stream().filter(t -> t.submissionFrame().isPresent()).findFirst()
                .or(() -> found.stream().findFirst());
    }
}
