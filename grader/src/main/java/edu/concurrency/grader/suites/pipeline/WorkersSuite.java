package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.fail;

import edu.concurrency.grader.process.ProcFs;
import edu.concurrency.grader.suites.pipeline.stages.PidStage;
import edu.concurrency.grader.suites.pipeline.stages.RendezvousStage;
import edu.concurrency.grader.suites.pipeline.stages.TagStage;
import edu.concurrency.grader.suites.support.Threads;
import edu.concurrency.pipeline.ProcessPipeline;
import edu.concurrency.pipeline.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Criterion {@code pipeline.workers}: the constructor starts one worker JVM per worker, with the
 * contract's command line; the stage runs in those workers, never in the parent; and map keeps
 * all workers busy at the same time. Parallelism is shown with a barrier across processes (a
 * {@link Rendezvous}): {@code n} stage calls must be waiting at the same time before any returns,
 * which no sequential or single-worker pipeline can achieve, however fast the machine.
 */
@DisplayName("pipeline.workers")
class WorkersSuite {
    /** How long a stage call waits at the barrier for the others before it gives up. */
    private static final Duration BARRIER_PATIENCE = Duration.ofSeconds(4);
    /** How long after the constructor a pipeline that started no process at all is given up on, in s (see {@link NothingStarted}). */
    static final double NOTHING_STARTED_SECONDS = 2;

    @Test
    @DisplayName("new ProcessPipeline(stage, 0) and (stage, -1) throw IllegalArgumentException and start no process")
    void rejectsFewerThanOneWorker(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            for (int n : new int[] {0, -1}) {
                Throwable thrown = h.workers.call(h.seconds(10), "Hang: new ProcessPipeline(TagStage.class, " + n
                        + ") did not return", () -> {
                            try {
                                new ProcessPipeline(TagStage.class, n).close();
                                return null;
                            } catch (Throwable t) {
                                return t;
                            }
                        });
                if (thrown instanceof UnsupportedOperationException u && "TODO".equals(u.getMessage())) {
                    throw u;
                }
                if (!(thrown instanceof IllegalArgumentException)) {
                    throw new AssertionError("Argument check: new ProcessPipeline(TagStage.class, " + n + ") must throw"
                            + " IllegalArgumentException, but it " + (thrown == null ? "returned normally"
                            : "threw " + PipelineHarness.describe(thrown)), thrown);
                }
            }
            if (!h.watch.all().isEmpty()) {
                fail("Argument check: the constructor must reject workers < 1 before it starts anything, but it"
                        + " started " + h.watch.all().get(0).describe());
            }
        }
    }

    @Test
    @DisplayName("new ProcessPipeline(stage, 3) starts 3 worker JVMs (java -cp <class path> WorkerMain <stage>),"
            + " and map runs a task on each of them at the same time")
    void startsOneWorkerJvmPerWorkerAndUsesThemAtOnce(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter); Rendezvous barrier = Rendezvous.barrier(3, BARRIER_PATIENCE)) {
            ProcessPipeline pipeline = h.open(RendezvousStage.class, 3);
            checkWorkerProcesses(h, pipeline, RendezvousStage.class, 3);
            for (int call = 1; call <= 2; call++) {
                List<String> inputs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    inputs.add(barrier.input("c" + call + "-t" + i));
                }
                List<String> outputs = h.map(pipeline, inputs, h.seconds(15), "map of 3 inputs on 3 workers",
                        "Not parallel or a hang: each of the 3 stage calls waits (at most "
                                + BARRIER_PATIENCE.toSeconds() + " s) until all 3 run at the same time");
                if (barrier.releasedAlone() > 0 || outputs.stream().anyMatch(o -> !o.contains("|go|"))) {
                    fail("Not parallel: with 3 workers and 3 inputs, all 3 tasks must run at the same time, one on each"
                            + " worker, but at most " + barrier.maxTogether() + " ran at once (the stage calls waited "
                            + BARRIER_PATIENCE.toSeconds() + " s for each other in vain; call " + call + " of 2)."
                            + " Send tasks to every worker before waiting for answers. Stage calls seen: "
                            + barrier.arrivals());
                }
            }
        }
    }

    @Test
    @DisplayName("map runs the stage in the worker processes named by workerPids(), never in the calling JVM")
    void runsTheStageInTheWorkers(TestReporter reporter) throws Exception {
        try (PipelineHarness h = new PipelineHarness(reporter)) {
            ProcessPipeline pipeline = h.open(PidStage.class, 2);
            long self = ProcessHandle.current().pid();
            for (int call = 1; call <= 2; call++) {
                List<String> inputs = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    inputs.add("c" + call + "-" + i);
                }
                List<String> outputs = h.map(pipeline, inputs, h.seconds(15), "map of 20 inputs on 2 workers",
                        "Hang");
                List<Long> pids = pipeline.workerPids();
                Set<Long> ranIn = new LinkedHashSet<>();
                for (String output : outputs) {
                    ranIn.add(PidStage.pidOf(output));
                }
                if (ranIn.contains(self)) {
                    fail("Computing in the parent: the stage ran in process " + self + ", the JVM that called map,"
                            + " instead of in a worker process " + pids + ". The parent only sends requests and"
                            + " collects responses; only WorkerMain calls Stage.apply.");
                }
                if (!pids.containsAll(ranIn)) {
                    fail("The stage ran in processes " + ranIn + ", but workerPids() says the workers are " + pids
                            + ": workerPids() must name the processes that do the work.");
                }
            }
        }
    }

    /**
     * Waits (with a deadline) until {@code workerPids()} names at least one process and all of them
     * run, and returns them; how many there are is {@code pipeline.workers}' business.
     *
     * @throws AssertionError if that does not happen within 10 s, or when the pipeline has started
     *                        no process at all {@value #NOTHING_STARTED_SECONDS} s after its
     *                        constructor returned ({@link NothingStarted})
     */
    static List<Long> awaitWorkersRunning(PipelineHarness h, ProcessPipeline pipeline) {
        long start = System.nanoTime();
        AtomicReference<List<Long>> running = new AtomicReference<>();
        String problem = awaitWorkers(h, start, () -> {
            List<Long> pids = pipeline.workerPids();
            if (pids != null && !pids.isEmpty() && pids.stream().allMatch(Procs::running)) {
                running.set(List.copyOf(pids));
                return null;
            }
            return "workerPids() is " + pids;
        });
        if (problem != null) {
            fail("No running workers: " + Threads.format(Duration.ofNanos(System.nanoTime() - start))
                    + " after the constructor returned, " + problem + "; it must name the running worker processes."
                    + h.processReport() + h.diagnoseDeadWorkers());
        }
        h.watch.scan();
        return running.get();
    }

    /**
     * Asks {@code problem} every 10 ms until it answers {@code null}, for at most 10 s (scaled) from
     * {@code start}, the moment the constructor returned, or until the pipeline turns out to have
     * started no process at all ({@link NothingStarted}).
     *
     * @param problem what is still wrong with the workers, {@code null} when nothing is
     * @return {@code null} once nothing is wrong, else the last problem seen
     */
    private static String awaitWorkers(PipelineHarness h, long start, Supplier<String> problem) {
        long deadline = start + h.seconds(10).toNanos();
        NothingStarted nothing = new NothingStarted(h, start);
        String seen;
        while ((seen = problem.get()) != null && System.nanoTime() - deadline < 0 && !nothing.yet()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return seen;
    }

    /**
     * Ends the wait for workers early when the pipeline has started no process at all
     * {@value #NOTHING_STARTED_SECONDS} s (times the timeout factor) after its constructor returned:
     * a constructor starts its workers (ProcessBuilder.start returns within milliseconds, even on
     * a loaded machine), so none will come. Looked at once, at that moment: a pipeline that did
     * start processes gets the whole wait.
     */
    private static final class NothingStarted {
        private final PipelineHarness h;
        private final long at;
        private boolean looked;

        NothingStarted(PipelineHarness h, long start) {
            this.h = h;
            this.at = start + h.seconds(NOTHING_STARTED_SECONDS).toNanos();
        }

        /** Whether the moment has come and the pipeline has started no process (true once, at most). */
        boolean yet() {
            if (looked || h.watch == null || System.nanoTime() - at < 0) {
                return false;
            }
            looked = true;
            h.watch.scan();
            return h.submissionProcesses().isEmpty();
        }
    }

    /**
     * Checks that {@code workerPids()} names {@code n} distinct running child processes of this
     * JVM that run WorkerMain with the stage's name; waits (with a deadline of 10 s) for a
     * constructor that starts them asynchronously, unless it has started no process at all
     * ({@link NothingStarted}).
     */
    static void checkWorkerProcesses(PipelineHarness h, ProcessPipeline pipeline, Class<? extends Stage> stage, int n) {
        String problem = awaitWorkers(h, System.nanoTime(), () -> workerProblem(pipeline, stage, n));
        if (problem != null) {
            fail(problem + h.processReport() + h.diagnoseDeadWorkers());
        }
    }

    private static String workerProblem(ProcessPipeline pipeline, Class<? extends Stage> stage, int n) {
        List<Long> pids = pipeline.workerPids();
        if (pids == null || pids.size() != n || new LinkedHashSet<>(pids).size() != n) {
            return "Wrong number of workers: new ProcessPipeline(" + stage.getSimpleName() + ", " + n + ") must start "
                    + n + " worker JVMs, and workerPids() must name these " + n + " distinct processes, but workerPids()"
                    + " is " + pids + ".";
        }
        long self = ProcessHandle.current().pid();
        for (long pid : pids) {
            if (!Procs.running(pid)) {
                return "Worker " + pid + " from workerPids() " + pids + " is not running.";
            }
            long parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
            if (parent != self) {
                return "Worker " + pid + " from workerPids() is not a child process of the pipeline's JVM (its parent"
                        + " is " + parent + "): start each worker directly with ProcessBuilder.";
            }
            List<String> args = Procs.arguments(pid);
            int main = args.indexOf("edu.concurrency.pipeline.WorkerMain");
            boolean java = !args.isEmpty() && args.get(0).endsWith("java");
            boolean classPath = args.stream().anyMatch(a -> a.equals("-cp") || a.equals("-classpath")
                    || a.equals("--class-path") || a.startsWith("--class-path=")) || ProcFs.hasVariable(pid, "CLASSPATH");
            if (!java || main < 0 || main + 1 >= args.size() || !args.get(main + 1).equals(stage.getName()) || !classPath) {
                return "Wrong worker command: worker " + pid + " runs `" + Procs.shortCommand(args) + "`, but a worker"
                        + " runs `<java.home>/bin/java -cp <java.class.path> edu.concurrency.pipeline.WorkerMain "
                        + stage.getName() + "`" + (classPath ? "." : ": without the class path it cannot find"
                        + " WorkerMain or the stage.");
            }
        }
        return null;
    }
}
