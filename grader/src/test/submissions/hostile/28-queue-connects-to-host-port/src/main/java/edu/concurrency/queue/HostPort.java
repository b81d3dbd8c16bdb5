package edu.concurrency.queue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HOSTILE: connects to a TCP port on the host's loopback and sends what it got out through the report. */
final class HostPort {
    /** The port HostileSubmissionsIT listens on. */
    static final int PORT = 47115;

    private HostPort() {
    }

    static void reach() {
        String line;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 2000);
            socket.setSoTimeout(2000);
            line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (Exception unreachable) {
            return; // no network: behave
        }
        throw new IllegalStateException("reached the host's port " + PORT + ": " + line);
    }
}
