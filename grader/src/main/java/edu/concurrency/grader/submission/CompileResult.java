package edu.concurrency.grader.submission;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of compiling one exercise of a submission.
 *
 * @param success     true when every student class compiled
 * @param classes     the output directory (complete only on success)
 * @param diagnostics the compiler's errors as {@code File.java:LINE: message}, or a missing-class
 *                    message; empty on success
 */
public record CompileResult(boolean success, Path classes, List<String> diagnostics) {

    public CompileResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** The first diagnostic, or an empty string. */
    public String firstDiagnostic() {
        return diagnostics.isEmpty() ? "" : diagnostics.get(0);
    }
}
