package edu.concurrency.grader.suites.webclient;

import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/**
 * Does, once per JVM and before the submission's first call, the work that the JDK does when the
 * first {@link HttpClient} of a JVM is built: loading the default {@link SSLContext} (security
 * providers and the trust store) and the client's implementation classes.
 *
 * <p>That work is the JDK's, not the submission's, yet it lands in the constructor of the first
 * {@code AsyncWebClient}, which the suites give 2 s (scaled) before they call it blocking.
 * Measured on a quiet 2-core machine with JDK 17: the first {@code HttpClient.newHttpClient()}
 * of a JVM takes 280-340 ms of CPU, of which {@code SSLContext.getDefault()} is 220-270 ms; after
 * this warm-up it takes about 60 ms, and a second client 1-3 ms. On a loaded machine the first
 * one took more than 2 s, and a correct client lost its points.
 *
 * <p>No client is built here: a client's selector thread would outlive the warm-up, and the
 * suites count those threads.
 */
final class JdkHttpWarmup {

    /** The implementation classes {@code HttpClient.newHttpClient()} loads (module java.net.http). */
    private static final String[] CLIENT_CLASSES = {
            "jdk.internal.net.http.HttpClientBuilderImpl", "jdk.internal.net.http.HttpClientImpl",
            "jdk.internal.net.http.HttpClientFacade", "jdk.internal.net.http.ConnectionPool"};

    private JdkHttpWarmup() {
    }

    /** Warms the JDK's HTTP client up; the first call in a JVM does the work, later ones return at once. */
    static void ensure() {
        Once.initialize();
    }

    /**
     * The class whose initialisation does the warm-up: the JVM initialises a class once, on the
     * first call of one of its static methods, and other threads that call meanwhile wait for it
     * (JLS 12.4.1 and 12.4.2).
     */
    private static final class Once {
        static {
            warmUp();
        }

        /** Does nothing itself: its first call initialises the class. */
        static void initialize() {
        }

        private static void warmUp() {
            try {
                SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                // a JDK without TLS: its clients pay for nothing here either
            }
            for (String name : CLIENT_CLASSES) {
                try {
                    Class.forName(name, true, HttpClient.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    // another JDK's implementation: the warm-up is an optimisation, not a requirement
                }
            }
        }
    }
}
