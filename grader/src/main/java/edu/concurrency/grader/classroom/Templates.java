package edu.concurrency.grader.classroom;

import com.samskivert.mustache.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Mustache templates in {@code /classroom/} of the grader's resources (README, workflow,
 * Gradescope scripts), rendered without HTML escaping; a missing variable is an error, and an
 * empty string counts as false in a section.
 */
final class Templates {
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true);

    private Templates() {
    }

    /** Renders {@code /classroom/<name>.mustache} with {@code model}. */
    static String render(String name, Object model) {
        String resource = "/classroom/" + name + ".mustache";
        try (InputStream in = Templates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the grader lacks the template " + resource);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return COMPILER.compile(reader).execute(model);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
