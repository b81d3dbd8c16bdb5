package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;

/**
 * CPU-bound work: input {@code <iterations>}, output the result of that many rounds of a 64-bit
 * mixing function. No memory traffic, no allocation, no I/O: its time scales with the cores it
 * gets, which is what the speedup check needs.
 */
public final class CpuStage implements Stage {

    /**
     * The work itself, also run in the grading JVM to calibrate the task size and to measure what
     * the machine's cores deliver.
     *
     * @param iterations the rounds
     * @return the mixed value (returned so that the JIT cannot drop the loop)
     */
    public static long burn(long iterations) {
        long x = 0x9E3779B97F4A7C15L ^ iterations;
        for (long i = 0; i < iterations; i++) {
            x ^= x >>> 31;
            x *= 0xBF58476D1CE4E5B9L;
            x += i;
        }
        return x;
    }

    @Override
    public String apply(String input) {
        return Long.toString(burn(Long.parseLong(input)));
    }
}
