package edu.concurrency.grader.report;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code report.html} and {@code class-report.html} share: one stylesheet and one script,
 * inlined into each page so that a page is a single file that needs no server and no network, and
 * Mustache templates that escape every value as HTML ({@code & < > " ' ` =}), so that text from a
 * submission (feedback can quote its output) is shown as text and never runs as script.
 */
public final class HtmlPage {
    /** The shared stylesheet (CSS), to be inlined in a {@code <style>} element. */
    public static final String STYLESHEET = resource("/templates/html/report.css");
    /**
     * The shared script, to be inlined in a {@code <script>} element at the end of the body: it
     * opens folded details before printing, sorts {@code table.sortable} by a clicked column and
     * filters the student table; the pages are complete without it.
     */
    public static final String SCRIPT = resource("/templates/html/report.js");

    /**
     * The pages' Content Security Policy (W3C CSP Level 3, in a {@code <meta http-equiv>}): nothing
     * is fetched from anywhere, inline styles apply, and the only script that runs is {@link #SCRIPT}
     * (allowed by its SHA-256), so that even markup that slipped past escaping could neither run
     * script nor load anything.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
            + " script-src 'sha256-" + sha256Base64(SCRIPT) + "'";

    private HtmlPage() {
    }

    /**
     * Compiles a Mustache template from the class path; {@code {{value}}} is HTML-escaped, a missing
     * value renders as nothing and an empty string counts as false in a section.
     *
     * @param resource absolute class-path resource, for example {@code /templates/report.html.mustache}
     * @throws UncheckedIOException when the resource cannot be read
     * @throws NullPointerException when there is no such resource
     */
    public static Template template(String resource) {
        try (Reader in = new InputStreamReader(open(resource), StandardCharsets.UTF_8)) {
            return Mustache.compiler().escapeHTML(true).emptyStringIsFalse(true).defaultValue("").compile(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code value} rounded to one decimal, with a point whatever the locale (for example {@code 72.5}). */
    public static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** {@code part} as a share of {@code whole} in percent (0 to 100, for the width of a bar), 0 when {@code whole} is 0. */
    public static String percent(double part, double whole) {
        return whole <= 0 ? "0" : oneDecimal(Math.max(0, Math.min(100, 100.0 * part / whole)));
    }

    /** The symbol shown with a verdict, so that it reads without colour: ✓ ✗ ! –. */
    public static String symbol(Status status) {
        return switch (status) {
            case PASSED -> "✓";
            case FAILED -> "✗";
            case ERROR -> "!";
            case SKIPPED -> "–";
        };
    }

    private static String sha256Base64(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        return Objects.requireNonNull(HtmlPage.class.getResourceAsStream(resource), resource);
    }
}
