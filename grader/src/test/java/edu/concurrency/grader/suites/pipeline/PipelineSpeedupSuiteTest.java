package edu.concurrency.grader.suites.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PipelineSpeedupSuiteTest {

    /** Best times in ns, in the suite's order: 1 thread, k threads, 1 worker, k workers. */
    private static long[] best(long oneWorker, long kWorkers) {
        return new long[] {320_000_000, 165_000_000, oneWorker, kWorkers};
    }

    @Test
    @DisplayName("the reference's speedup (1.8x on 2 cores) ends the measuring after the minimum rounds")
    void aClearPassEndsTheMeasuring() {
        assertThat(PipelineSpeedupSuite.clearPass(PipelineSpeedupSuite.MIN_ROUNDS, best(340, 185), 2)).isTrue();
    }

    @Test
    @DisplayName("a speedup near the threshold, a serial pipeline, or too few rounds measure on")
    void anythingElseMeasuresOn() {
        assertThat(PipelineSpeedupSuite.clearPass(PipelineSpeedupSuite.MIN_ROUNDS, best(300, 200), 2))
                .as("1.5x: passes now, but a faster 1-worker round could still make it fail").isFalse();
        assertThat(PipelineSpeedupSuite.clearPass(PipelineSpeedupSuite.MIN_ROUNDS, best(320, 310), 2))
                .as("a serial pipeline").isFalse();
        assertThat(PipelineSpeedupSuite.clearPass(PipelineSpeedupSuite.MIN_ROUNDS - 1, best(340, 170), 2))
                .as("2x after fewer than the minimum rounds").isFalse();
        assertThat(PipelineSpeedupSuite.clearPass(PipelineSpeedupSuite.MIN_ROUNDS, best(340, 185), 4))
                .as("1.8x with 4 workers, whose threshold is 2.2x").isFalse();
    }

    /** Best times in ns: 1 thread, k threads (the machine's own speedup), 1 worker, k workers. */
    private static long[] best(long oneThread, long kThreads, long oneWorker, long kWorkers) {
        return new long[] {oneThread, kThreads, oneWorker, kWorkers};
    }

    @Test
    @DisplayName("a serial pipeline on a machine that reaches 1.94x with threads is a clear miss after the minimum rounds")
    void aSerialPipelineOnAnIdleMachineIsAClearMiss() {
        assertThat(PipelineSpeedupSuite.clearMiss(PipelineSpeedupSuite.MIN_ROUNDS, best(320, 165, 330, 329), 2)).isTrue();
    }

    @Test
    @DisplayName("a busy machine, a partly parallel pipeline, or too few rounds are no clear miss")
    void anythingElseIsNoClearMiss() {
        assertThat(PipelineSpeedupSuite.clearMiss(PipelineSpeedupSuite.MIN_ROUNDS, best(320, 213, 330, 329), 2))
                .as("the machine reached only 1.5x with threads: another attempt may find it idle").isFalse();
        assertThat(PipelineSpeedupSuite.clearMiss(PipelineSpeedupSuite.MIN_ROUNDS, best(320, 165, 330, 275), 2))
                .as("1.2x: below the threshold, but near enough for another attempt").isFalse();
        assertThat(PipelineSpeedupSuite.clearMiss(PipelineSpeedupSuite.MIN_ROUNDS - 1, best(320, 165, 330, 329), 2))
                .as("fewer than the minimum rounds").isFalse();
        assertThat(PipelineSpeedupSuite.clearPass(PipelineSpeedupSuite.MIN_ROUNDS, best(320, 165, 330, 329), 2))
                .as("and it is no clear pass either").isFalse();
    }

    @Test
    @DisplayName("a busy machine skips the check, unless the pipeline passed clearly (1.79x while threads reached 1.13x)")
    void aClearPassIsJudgedHoweverBusyTheMachine() {
        assertThat(PipelineSpeedupSuite.tooBusyToJudge(PipelineSpeedupSuite.MIN_ROUNDS, best(300, 265, 331, 185), 2))
                .as("the reference in a CI run: 331 ms on 1 worker, 185 ms on 2, threads 1.13x").isFalse();
        assertThat(PipelineSpeedupSuite.tooBusyToJudge(PipelineSpeedupSuite.MIN_ROUNDS, best(300, 265, 330, 260), 2))
                .as("1.27x on a busy machine: not clear, skipped").isTrue();
        assertThat(PipelineSpeedupSuite.tooBusyToJudge(PipelineSpeedupSuite.MIN_ROUNDS, best(320, 165, 330, 329), 2))
                .as("an idle machine is never too busy").isFalse();
    }
}
