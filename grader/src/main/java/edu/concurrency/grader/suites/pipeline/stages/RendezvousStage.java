package edu.concurrency.grader.suites.pipeline.stages;

import edu.concurrency.pipeline.Stage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Reports to the grader and waits for its word: input {@code <port>|<token>}. The stage connects
 * to the grader's rendezvous server on the loopback interface, sends {@code <token> <pid>}, waits
 * for a reply line, and returns {@code <token>|<reply>|<pid>}. The grader uses it as a barrier
 * across processes (are the workers running at the same time?) and to know which worker runs a
 * given input (to kill it right then).
 */
public final class RendezvousStage implements Stage {
    /** How long a stage waits for the grader's reply before giving up, in ms. */
    private static final int PATIENCE_MILLIS = 60_000;

    /** The input of a task that reports {@code token} to the server on {@code port}. */
    public static String input(int port, String token) {
        return port + "|" + token;
    }

    @Override
    public String apply(String input) throws Exception {
        int bar = input.indexOf('|');
        int port = Integer.parseInt(input.substring(0, bar));
        String token = input.substring(bar + 1);
        long pid = ProcessHandle.current().pid();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(PATIENCE_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write((token + " " + pid + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            return token + "|" + reply + "|" + pid;
        }
    }
}
