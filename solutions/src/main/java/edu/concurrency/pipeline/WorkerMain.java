package edu.concurrency.pipeline;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Reference solution: the program a worker process runs,
 * {@code java -cp ... edu.concurrency.pipeline.WorkerMain <stage class name>}.
 *
 * <p>stdout belongs to the protocol alone: before the stage is even created, {@code System.out}
 * is pointed at stderr, so whatever the stage prints cannot corrupt a response; responses go
 * through a writer on the original stdout file descriptor, flushed after every response (the
 * parent waits for it). Requests are handled one at a time, so responses come in request order.
 * At the end of stdin the worker exits with {@code System.exit(0)}, which also ends a worker
 * whose stage left non-daemon threads behind.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    /**
     * Runs the worker until its stdin closes.
     *
     * @param args {@code args[0]}: the fully qualified name of the stage class
     * @throws Exception if the stage cannot be created, or stdout fails
     */
    public static void main(String[] args) throws Exception {
        Writer responses = new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        if (args.length != 1) {
            System.err.println("usage: java edu.concurrency.pipeline.WorkerMain <stage class name>");
            System.exit(2);
        }
        Stage stage = Class.forName(args[0]).asSubclass(Stage.class).getDeclaredConstructor().newInstance();
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        StringBuilder line = new StringBuilder(256);
        for (String request = requests.readLine(); request != null; request = requests.readLine()) {
            line.setLength(0);
            answer(stage, request, line);
            responses.append(line).append('\n');
            responses.flush();
        }
        responses.flush();
        System.exit(0);
    }

    /** Appends the response to {@code request} (without the line end) to {@code out}. */
    private static void answer(Stage stage, String request, StringBuilder out) {
        long id;
        String input;
        try {
            int tab = request.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException("no tab between the id and the input");
            }
            id = parseId(request.substring(0, tab));
            input = Wire.unescape(request.substring(tab + 1));
        } catch (IllegalArgumentException malformed) {
            out.append("-1\t").append(Wire.ERR).append('\t');
            Wire.escape("malformed request: " + malformed.getMessage(), out);
            return;
        }
        out.append(id).append('\t');
        try {
            String output = stage.apply(input);
            if (output == null) {
                out.append(Wire.ERR).append('\t').append("the stage returned null");
            } else {
                Wire.escape(output, out.append(Wire.OK).append('\t'));
            }
        } catch (Exception | StackOverflowError | LinkageError e) {
            Wire.escape(e.toString(), out.append(Wire.ERR).append('\t'));
        }
    }

    private static long parseId(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the id '" + text + "' is not a non-negative number");
        }
        return Long.parseLong(text);
    }
}
