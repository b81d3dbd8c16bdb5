package edu.concurrency.webclient;

import java.net.URI;
import java.util.Objects;

/**
 * Provided by the course (do not change): a request ended with an HTTP status that is not a
 * success.
 *
 * <p>{@link AsyncWebClient} fails a call with this exception when the server answers with a
 * status that is not retried (for example 404), and when the retries of a retried status (429 or
 * 5xx) run out; the status is then the last one received.
 */
public class HttpStatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status code, for example 404. */
    private final int statusCode;
    /** The URI that was requested. */
    private final URI uri;

    /**
     * Creates the exception.
     *
     * @param statusCode the HTTP status code the server sent, for example 404 or 503
     * @param uri        the URI that was requested, not null
     * @throws NullPointerException if {@code uri} is null
     */
    public HttpStatusException(int statusCode, URI uri) {
        super("HTTP status " + statusCode + " from " + Objects.requireNonNull(uri, "uri"));
        this.statusCode = statusCode;
        this.uri = uri;
    }

    /**
     * The status.
     *
     * @return the HTTP status code the server sent
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * The URI.
     *
     * @return the URI that was requested
     */
    public URI uri() {
        return uri;
    }
}
