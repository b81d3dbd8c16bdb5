package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;
import java.util.stream.Collectors;

/**
 * The stage for driving {@code WorkerMain} directly over the wire protocol. Inputs:
 * <ul>
 *   <li>{@code echo|<text>}: returns {@code <text>};</li>
 *   <li>{@code codes|<text>}: returns the code points of {@code <text>}, comma-separated, so the
 *       grader sees exactly what the worker unescaped;</li>
 *   <li>{@code fail|<message>}: throws IllegalStateException with that message;</li>
 *   <li>{@code print|<text>}: prints {@code <text>} to System.out (with a line end, and again
 *       without), returns {@code printed};</li>
 *   <li>anything else: returns {@code "[" + input + "]"}.</li>
 * </ul>
 */
public final class ProtocolStage implements Stage {

    /** The code points of {@code text}, comma-separated, as the {@code codes} command returns them. */
    public static String codes(String text) {
        return text.codePoints().mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Override
    public String apply(String input) {
        int bar = input.indexOf('|');
        String command = bar < 0 ? "" : input.substring(0, bar);
        String text = bar < 0 ? input : input.substring(bar + 1);
        switch (command) {
            case "echo":
                return text;
            case "codes":
                return codes(text);
            case "fail":
                throw new IllegalStateException(text);
            case "print":
                System.out.println(text);
                System.out.print(text);
                System.out.flush();
                return "printed";
            default:
                return TagStage.expected(input);
        }
    }
}
