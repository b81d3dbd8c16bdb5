package edu.concurrency.grader.suites.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link HttpClientSites} finds the HttpClients created per call, not the one of the constructor. */
class HttpClientSitesTest {

    /** One client in the constructor (fine) and one per call (the site to report). */
    static final class ClientPerCall {
        private final HttpClient shared;

        ClientPerCall() {
            shared = HttpClient.newHttpClient();
        }

        HttpClient perCall() {
            return HttpClient.newBuilder().build();
        }

        HttpClient shared() {
            return shared;
        }
    }

    @Test
    void reportsTheClientsCreatedOutsideConstructors() throws URISyntaxException {
        Path classes = Path.of(HttpClientSitesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(HttpClientSites.outsideConstructors(classes, HttpClientSitesTest.class.getPackageName()))
                .singleElement().asString().startsWith("HttpClientSitesTest$ClientPerCall.perCall (HttpClientSitesTest.java:");
    }
}
