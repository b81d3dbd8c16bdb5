package edu.concurrency.grader.suites.webclient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A suite against the test server: one {@link WebClientHarness} (server and client factory) per suite,
 * started before its first check and closed after its last, with the server's scripts and
 * counters reset before each check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerSuite {
    /** The test server and helpers of this suite. */
    protected WebClientHarness h;

    @BeforeAll
    void start() throws Exception {
        h = WebClientHarness.start();
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @BeforeEach
    void reset() {
        h.server.reset();
    }
}
