package edu.concurrency.grader.runner;

import edu.concurrency.grader.report.PhaseTiming;
import edu.concurrency.grader.report.Status;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Kind;
import edu.concurrency.grader.submission.CompileResult;
import edu.concurrency.grader.verdict.SuiteOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The phases of a grading that share the machine with other gradings, run in up to {@code lanes}
 * of the submission's JVMs at once: for each compiled exercise, its correctness and architecture
 * criteria (one fork, then more if one ends early) and, beside them, the model checks of its race
 * criteria (a fork with Lincheck's agent). The model checks that explain a failed correctness
 * criterion ({@link ModelCheckEvidence}) follow that criterion's verdict, in a fork of their own.
 *
 * <p>The forks are independent: each has its own work directory, results file, signing key,
 * process tree and cgroup. A model check that runs beside the correctness criteria does not know
 * where they stalled, so a hang it shares with them is reported at its own stall timeout rather than
 * after one second ({@link edu.concurrency.grader.fork.ForkPlan#stalledBefore()}); race criteria
 * require nothing, so none is run that a failed requirement would have spared. Lanes change when
 * verdicts arrive, never what they are: the JVMs of the submission already run beside another
 * grading's in batches and in CI, and no criterion of these phases measures time against the
 * machine's speed.
 */
final class SharedPhases {
    private final ForkedSuites forks;
    private final int lanes;

    /**
     * @param forks runs criteria in the submission's JVMs
     * @param lanes how many of the submission's JVMs may run at once (at least 1)
     * @throws IllegalArgumentException when {@code lanes} is below 1
     */
    SharedPhases(ForkedSuites forks, int lanes) {
        this.forks = forks;
        this.lanes = checkLanes(lanes);
    }

    /**
     * @return {@code lanes}
     * @throws IllegalArgumentException when {@code lanes} is below 1
     */
    static int checkLanes(int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1: " + lanes);
        }
        return lanes;
    }

    /** How many lanes suit a machine with {@code processors} processors: two where there are two or more. */
    static int defaultLanes(int processors) {
        return processors >= 2 ? 2 : 1;
    }

    /** A compiled exercise and where its phases keep their files. */
    record Compiled(Exercise exercise, CompileResult compiled, Path exerciseDir) {
    }

    /**
     * What the shared phases found for one exercise.
     *
     * @param outcomes    verdicts of the correctness and architecture criteria, by id, in the rubric's order
     * @param modelChecks verdicts of the race criteria's model checks, by criterion id
     * @param phases      the time of each phase (they may overlap with other phases)
     * @param notes       observations about the runs, in the order of the phases
     */
    record Result(Map<String, SuiteOutcome> outcomes, Map<String, SuiteOutcome> modelChecks,
                  List<PhaseTiming> phases, List<String> notes) {
    }

    /**
     * Runs the shared phases of every exercise, up to {@code lanes} forks at once, in the order of
     * {@code exercises} (an exercise's correctness criteria are started before its model checks).
     *
     * @return one result per exercise, in the given order
     * @throws IOException          when a work directory cannot be written
     * @throws InterruptedException when the grader is interrupted; running forks are ended
     */
    List<Result> run(List<Compiled> exercises) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(lanes, runnable -> {
            Thread thread = new Thread(runnable, "grader-lane");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Part>> suites = new ArrayList<>();
            List<Future<Part>> checks = new ArrayList<>();
            for (Compiled c : exercises) {
                suites.add(pool.submit(() -> suites(c)));
                checks.add(pool.submit(() -> raceModelChecks(c)));
            }
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < exercises.size(); i++) {
                Part correctness = TaskResults.get(suites.get(i));
                Part race = TaskResults.get(checks.get(i));
                List<PhaseTiming> phases = new ArrayList<>(correctness.phases());
                phases.addAll(race.phases());
                List<String> notes = new ArrayList<>(correctness.notes());
                notes.addAll(race.notes());
                results.add(new Result(correctness.outcomes(), race.outcomes(), phases, notes));
            }
            return results;
        } finally {
            // an interrupted grader ends the lanes' forks (their ManagedProcess is closed on the way out)
            pool.shutdownNow();
        }
    }

    /** What one lane's task found. */
    private record Part(Map<String, SuiteOutcome> outcomes, List<PhaseTiming> phases, List<String> notes) {
        static Part none() {
            return new Part(Map.of(), List.of(), List.of());
        }
    }

    /** The correctness and architecture criteria, then the model checks that explain their failures. */
    private Part suites(Compiled c) throws IOException, InterruptedException {
        Exercise exercise = c.exercise();
        List<Criterion> plain = exercise.criteria().stream()
                .filter(cr -> cr.kind() == Kind.CORRECTNESS || cr.kind() == Kind.ARCHITECTURE).toList();
        if (plain.isEmpty()) {
            return Part.none();
        }
        List<String> notes = new ArrayList<>();
        List<PhaseTiming> phases = new ArrayList<>();
        long t0 = System.nanoTime();
        Map<String, SuiteOutcome> outcomes = new LinkedHashMap<>(forks.run(exercise, plain, c.compiled().classes(),
                c.exerciseDir().resolve("suites"), notes));
        phases.add(new PhaseTiming(exercise.id() + ": correctness and architecture", millisSince(t0)));
        List<Criterion> explained = plain.stream().filter(cr -> !cr.modelCheck().isEmpty()
                && outcomes.get(cr.id()) != null && outcomes.get(cr.id()).status() == Status.FAILED).toList();
        if (!explained.isEmpty()) {
            long t1 = System.nanoTime();
            // knowing the suites' verdicts: a stall where they stalled is the same hang again
            Map<String, SuiteOutcome> checked = forks.run(exercise, explained.stream().map(ModelCheckEvidence::checkOf).toList(),
                    c.compiled().classes(), c.exerciseDir().resolve("model-check-evidence"), notes, outcomes);
            explained.forEach(cr -> outcomes.put(cr.id(), ModelCheckEvidence.explain(outcomes.get(cr.id()),
                    checked.get(cr.id() + ModelCheckEvidence.SUFFIX))));
            phases.add(new PhaseTiming(exercise.id() + ": model checks of failed criteria (Lincheck)", millisSince(t1)));
        }
        return new Part(outcomes, phases, List.copyOf(notes));
    }

    /** The model checks of the race criteria, in a JVM of their own (it starts with Lincheck's agent). */
    private Part raceModelChecks(Compiled c) throws IOException, InterruptedException {
        Exercise exercise = c.exercise();
        List<Criterion> checked = exercise.criteria().stream()
                .filter(cr -> cr.kind() == Kind.RACE && !cr.tests().isEmpty()).toList();
        if (checked.isEmpty()) {
            return Part.none();
        }
        List<String> notes = new ArrayList<>();
        long t0 = System.nanoTime();
        Map<String, SuiteOutcome> outcomes = forks.run(exercise, checked, c.compiled().classes(),
                c.exerciseDir().resolve("model-check"), notes);
        return new Part(outcomes, List.of(new PhaseTiming(exercise.id() + ": model checks (Lincheck)", millisSince(t0))),
                List.copyOf(notes));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
