package edu.concurrency.grader.suites.support.modelcheck;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;

/**
 * What the model-checking suites share: how a counterexample is reported, so that the runner can
 * tell a counterexample (evidence of a race) from a model check that could not run.
 */
public final class ModelCheckSuites {
    /** How the first line of a counterexample begins. */
    public static final String COUNTEREXAMPLE = "The model checker found an interleaving";
    /** How the first line of a counterexample ends. */
    public static final String SEE_BELOW = "see the interleaving below";
    /**
     * How the first line of a model check that could not judge begins (the operations hung: not
     * evidence of a race, the race criterion keeps jcstress's verdict).
     */
    public static final String NOT_JUDGED = "The model checker could not judge: ";
    private static final Pattern LINKAGE_ERROR = Pattern.compile("\\b(NoSuchMethodError|NoSuchFieldError|AbstractMethodError|IncompatibleClassChangeError|NoClassDefFoundError)\\b");
    /** Where the interleaving begins in a counterexample's message (a line of its own). */
    public static final String INTERLEAVING_START = "Interleaving:";

    /** The typical cause of results no one-at-a-time order gives, for non-blocking operations. */
    private static final String RACE = "a race: an unsynchronized check-then-act or read-modify-write";

    private ModelCheckSuites() {
    }

    /**
     * Model-checks {@code checker} and fails with the interleaving when it finds one.
     *
     * @param operations the operations in words, e.g. "two offers into a full-capacity-1 buffer"
     * @throws AssertionFailedError when the operations hung: {@value #NOT_JUDGED} and Lincheck's
     *         report; otherwise (results not linearizable, an unexpected exception) one line
     *         ({@value #COUNTEREXAMPLE} ... {@value #SEE_BELOW}), then {@value #INTERLEAVING_START}
     *         and the interleaving ({@link Interleaving#of}, at most {@value Interleaving#MAX_LINES} lines)
     */
    public static void check(ModelChecker checker, String operations) {
        check(checker, operations, RACE);
    }

    /**
     * Model-checks {@code checker} and fails with the interleaving when it finds one, naming
     * {@code cause} as the typical cause of results that no one-at-a-time order gives.
     *
     * @param cause e.g. "a race: an unsynchronized check-then-act or read-modify-write"
     * @see #check(ModelChecker, String)
     */
    public static void check(ModelChecker checker, String operations, String cause) {
        Predicate<String> shown = file -> file.endsWith("Models") || isClass(checker.exercisePackage() + "." + file);
        checker.counterexample().ifPresent(report -> {
            String heading = heading(report);
            if (heading.contains("hung") || heading.contains("deadlock") || heading.contains("livelock")) {
                // not evidence of a race: a blocking non-blocking operation is the correctness suites' to judge
                throw new AssertionFailedError(NOT_JUDGED + operations + " did not finish under the model checker ("
                        + heading + ")\n" + Interleaving.of(report, shown));
            }
            if (LINKAGE_ERROR.matcher(report).find()) {
                // a changed or missing method: the API check of the correctness suites says so
                throw new AssertionFailedError(NOT_JUDGED + "the submission's API does not match the exercise's ("
                        + LINKAGE_ERROR.matcher(report).results().findFirst().map(r -> r.group()).orElse("") + ")");
            }
            throw new AssertionFailedError(COUNTEREXAMPLE + " of " + operations + " " + what(heading, cause) + "; "
                    + SEE_BELOW + "\n" + INTERLEAVING_START + "\n" + Interleaving.of(report, shown));
        });
    }

    /** Whether the class exists (a source file of the submission's package). */
    private static boolean isClass(String name) {
        try {
            Class.forName(name, false, ModelCheckSuites.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The heading of Lincheck's report ({@code = Invalid execution results =}, ...), lower case, or "". */
    private static String heading(String report) {
        return report.lines().map(String::strip).filter(l -> l.startsWith("= ") && l.endsWith(" ="))
                .findFirst().map(l -> l.substring(2, l.length() - 2).toLowerCase(Locale.ROOT)).orElse("");
    }

    /** What went wrong, from the heading of Lincheck's report. */
    private static String what(String heading, String cause) {
        if (heading.contains("invalid execution results")) {
            return "whose results no one-at-a-time order of the same operations gives (" + cause + ")";
        }
        if (heading.contains("exception")) {
            return "in which an operation throws an exception the contract does not allow (" + heading + ")";
        }
        return "that breaks the operations" + (heading.isEmpty() ? "" : " (" + heading + ")");
    }
}
