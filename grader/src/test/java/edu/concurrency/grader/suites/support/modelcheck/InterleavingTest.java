package edu.concurrency.grader.suites.support.modelcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InterleavingTest {
    /** Lincheck 3.7's report of two offers racing into a capacity-1 buffer, shortened. */
    private static final String REPORT = """

            = Invalid execution results =
            | ------------------------------- |
            |    Thread 1    |    Thread 2    |
            | ------------------------------- |
            | offer(1): true | offer(1): true |
            | ------------------------------- |

            The following interleaving leads to the error:
            | --------------------------------- |
            |    Thread 1    |    Thread 2      |
            | --------------------------------- |
            |                | offer(1): true   |
            |                |     count ➜ 0    |
            | --------------------------------- |

            Detailed trace:
            | ---------------------------------------------------------------------------------- |
            |                     Thread 1                     |             Thread 2            |
            | ---------------------------------------------------------------------------------- |
            |                                                  | offer(1): true                  |
            |                                                  |     count ➜ 0 at BoundedBuffer.offer(BoundedBuffer.java:75) |
            | offer(1): true                                   |                                 |
            |     count ➜ 0 at BoundedBuffer.offer(BoundedBuffer.java:75) |                    |
            | ---------------------------------------------------------------------------------- |
            """;

    @Test
    void keepsTheResultsAndTheDetailedTraceWithItsLines() {
        String shown = Interleaving.of(REPORT);
        assertThat(shown).startsWith("= Invalid execution results =")
                .contains("| offer(1): true | offer(1): true |")
                .contains("count ➜ 0 at BoundedBuffer.offer(BoundedBuffer.java:75)")
                .doesNotContain("The following interleaving leads to the error:")
                .doesNotContain(Interleaving.CUT_NOTE);
    }

    @Test
    void aLongTraceIsCutWithANote() {
        String steps = IntStream.range(0, 200).mapToObj(i -> "|   count ➜ " + i + " at BoundedBuffer.offer(BoundedBuffer.java:75) |")
                .collect(Collectors.joining("\n"));
        String shown = Interleaving.of("= Invalid execution results =\n| a | b |\n\nDetailed trace:\n" + steps + "\n");
        assertThat(shown.lines()).hasSize(Interleaving.MAX_LINES + 1).last().isEqualTo(Interleaving.CUT_NOTE);
        assertThat(shown).contains("BoundedBuffer.java:75");
    }

    @Test
    void stepsInsideLibraryClassesAreDroppedWithANote() {
        String report = """
                = Invalid execution results =
                | acquire(): true | acquire(): true |

                Detailed trace:
                | acquire(): true                                                                    |
                |   available.get(): 1 at AsyncLimiter.acquire(AsyncLimiter.java:57)                 |
                |     CompletableFuture.<init>(AltResult#1): CompletableFuture#1 at CompletableFuture.completedFuture(CompletableFuture.java:2045) |
                |         Object.<init>(): CompletableFuture#1 at CompletableFuture.<init>(CompletableFuture.java:1974) |
                |   switch                                                                           |
                """;
        String shown = Interleaving.of(report, "AsyncLimiter"::equals);
        assertThat(shown).contains("AsyncLimiter.java:57").contains("switch").doesNotContain("CompletableFuture.java")
                .endsWith("(2 steps inside library classes not shown)");
    }

    @Test
    void anUnknownReportIsKeptWhole() {
        assertThat(Interleaving.of("Deadlock detected\nsomething else")).isEqualTo("Deadlock detected\nsomething else");
    }
}
