package edu.concurrency.grader.suites.support.modelcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The student-facing part of a Lincheck failure report: the results that are not linearizable and
 * the interleaving that produced them, one column per thread, each step with the operation, the
 * field read ({@code field ➜ value}) or written ({@code field = value}) and
 * {@code File.java:line}. Lincheck prints the interleaving twice, short and detailed (Lincheck
 * already minimises the scenario); the detailed one is kept, for its lines, and the text is cut to {@value #MAX_LINES} lines with a note.
 */
public final class Interleaving {
    /** The most lines of an interleaving shown in a report. */
    public static final int MAX_LINES = 60;
    /** How a cut interleaving ends. */
    public static final String CUT_NOTE = "... (cut to " + MAX_LINES + " lines; the rest of the schedule repeats these steps)";

    private static final String DETAILED = "Detailed trace:";
    private static final String SHORT = "The following interleaving leads to the error:";

    private Interleaving() {
    }

    /** A step's location in the detailed trace: {@code at Class.method(File.java:line)}. */
    private static final Pattern LOCATION = Pattern.compile(" at [\\w$.<>]+\\(([\\w$]+)\\.java:\\d+\\)");

    /**
     * The readable interleaving of {@code report}, every step kept.
     *
     * @see #of(String, Predicate)
     */
    public static String of(String report) {
        return of(report, file -> true);
    }

    /**
     * The readable interleaving of {@code report}, without the steps that run inside library code
     * (a {@code CompletableFuture}'s constructor, an {@code ArrayDeque}'s fields): a row of the
     * detailed trace whose every located step is in a file {@code shown} rejects is dropped, and a
     * note says how many were.
     *
     * @param report Lincheck's failure message
     * @param shown  whether steps located in this source file (simple name without {@code .java},
     *               e.g. {@code BoundedBuffer}) are shown
     * @return at most {@value #MAX_LINES} lines (plus the cut note), lines joined by {@code \n}
     */
    public static String of(String report, Predicate<String> shown) {
        List<String> lines = report.lines().map(String::stripTrailing).toList();
        int detailed = lines.indexOf(DETAILED);
        int brief = lines.indexOf(SHORT);
        List<String> results = section(lines, 0, brief >= 0 ? SHORT : DETAILED);
        List<String> trace = detailed >= 0 ? section(lines, detailed + 1, null)
                : brief >= 0 ? section(lines, brief + 1, DETAILED) : List.of();
        List<String> out = new ArrayList<>(results);
        if (!trace.isEmpty()) {
            out.add(detailed >= 0 ? "The interleaving, step by step (field ➜ value read, field = value written):" : SHORT);
            int before = out.size();
            trace.stream().filter(row -> shownRow(row, shown)).forEach(out::add);
            int dropped = trace.size() - (out.size() - before);
            if (dropped > 0) {
                out.add("(" + dropped + " steps inside library classes not shown)");
            }
        }
        if (out.isEmpty()) {
            out.addAll(lines);
        }
        if (out.size() > MAX_LINES) {
            out = new ArrayList<>(out.subList(0, MAX_LINES));
            out.add(CUT_NOTE);
        }
        return String.join("\n", out).strip();
    }

    /** Whether a row of the trace has a step without a location or located in a file shown. */
    private static boolean shownRow(String row, Predicate<String> shown) {
        Matcher m = LOCATION.matcher(row);
        boolean located = false;
        while (m.find()) {
            located = true;
            if (shown.test(m.group(1))) {
                return true;
            }
        }
        return !located;
    }

    /** The lines from {@code from} up to (not including) the line {@code end}, blank lines at the ends dropped. */
    private static List<String> section(List<String> lines, int from, String end) {
        int to = end == null ? lines.size() : lines.indexOf(end);
        if (to < from) {
            to = lines.size();
        }
        List<String> part = new ArrayList<>(lines.subList(from, to));
        while (!part.isEmpty() && part.get(0).isBlank()) {
            part.remove(0);
        }
        while (!part.isEmpty() && part.get(part.size() - 1).isBlank()) {
            part.remove(part.size() - 1);
        }
        return part;
    }
}
