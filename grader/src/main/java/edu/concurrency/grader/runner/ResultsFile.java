package edu.concurrency.grader.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.concurrency.grader.fork.ForkEvent;
import edu.concurrency.grader.fork.ResultSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a fork's results file as it grows: incrementally (each byte is read once, from the byte
 * offset where the previous read stopped) and within bounds, whatever the submission writes into
 * it.
 *
 * <p>The file is opened before the fork starts and read through that one channel, so renaming,
 * deleting or replacing the path does not hide the fork's lines. Only complete lines (ending in
 * {@code \n}) that carry the fork's {@link ResultSigner signature} count; any other complete line
 * is forged. A line longer than {@link #MAX_LINE_BYTES} bytes, or a file longer than {@link
 * #MAX_TOTAL_BYTES} bytes, is a flood: reading stops for good and {@link Events#overflow()} says
 * why. A file that shrinks (the submission truncated it) is forged; reading goes on from its new
 * end.
 */
final class ResultsFile implements AutoCloseable {
    /** The longest line read, in bytes (1 MiB); a fork's own lines are a few KiB at most. */
    static final int MAX_LINE_BYTES = 1 << 20;
    /** The most bytes read from one results file (64 MiB). */
    static final long MAX_TOTAL_BYTES = 64L << 20;
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileChannel channel;
    private final ResultSigner signer;
    private final int maxLineBytes;
    private final long maxTotalBytes;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
    private long offset;
    private boolean forged;
    private String overflow;

    /**
     * What the file held so far.
     *
     * @param valid    signed events not returned by an earlier read, in file order
     * @param forged   whether any unsigned line (or a truncation) was seen so far
     * @param overflow why reading stopped for good ("a line longer than 1 MiB", "more than 64 MiB
     *                 in all"), or null while the file stays within bounds
     */
    record Events(List<ForkEvent> valid, boolean forged, String overflow) {
        Events {
            valid = List.copyOf(valid);
        }
    }

    /**
     * Opens {@code file} for reading with the default limits.
     *
     * @throws IOException when the file cannot be opened
     */
    ResultsFile(Path file, ResultSigner signer) throws IOException {
        this(file, signer, MAX_LINE_BYTES, MAX_TOTAL_BYTES);
    }

    /**
     * Opens {@code file} for reading.
     *
     * @param maxLineBytes  the longest line read, in bytes
     * @param maxTotalBytes the most bytes read in all
     * @throws IOException when the file cannot be opened
     */
    ResultsFile(Path file, ResultSigner signer, int maxLineBytes, long maxTotalBytes) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.signer = signer;
        this.maxLineBytes = maxLineBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Reads the complete lines appended since the last call.
     *
     * @throws IOException when the file cannot be read
     */
    Events read() throws IOException {
        List<ForkEvent> events = new ArrayList<>();
        if (overflow != null) {
            return new Events(events, forged, overflow);
        }
        long size = channel.size();
        if (size < offset) {
            forged = true; // truncated under our feet: only the submission does that
            offset = size;
            partial.reset();
        }
        while (offset < size && overflow == null) {
            if (offset >= maxTotalBytes) {
                overflow = "more than " + mebibytes(maxTotalBytes) + " in all";
                break;
            }
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), Math.min(size, maxTotalBytes) - offset));
            int n = channel.read(chunk, offset);
            if (n <= 0) {
                break;
            }
            offset += n;
            byte[] bytes = chunk.array();
            int lineStart = 0;
            for (int i = 0; i < n && overflow == null; i++) {
                if (bytes[i] == '\n') {
                    partial.write(bytes, lineStart, i - lineStart);
                    line(events);
                    lineStart = i + 1;
                } else if (partial.size() + (i - lineStart) >= maxLineBytes) {
                    overflow = "a line longer than " + mebibytes(maxLineBytes);
                }
            }
            if (overflow == null) {
                partial.write(bytes, lineStart, n - lineStart);
            }
        }
        if (overflow != null) {
            partial.reset();
        }
        return new Events(events, forged, overflow);
    }

    /**
     * Reads the rest once the fork has exited: like {@link #read()}, and a last line without its
     * {@code \n} counts too (signed, or forged).
     *
     * @throws IOException when the file cannot be read
     */
    Events finish() throws IOException {
        Events rest = read();
        if (rest.overflow() != null || partial.size() == 0) {
            return rest;
        }
        List<ForkEvent> events = new ArrayList<>(rest.valid());
        line(events);
        return new Events(events, forged, overflow);
    }

    /** How many bytes were read so far. */
    long bytesRead() {
        return offset;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void line(List<ForkEvent> events) throws IOException {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        if (line.isBlank()) {
            return;
        }
        String payload = signer.verify(line);
        if (payload == null) {
            forged = true;
            return;
        }
        events.add(JSON.readValue(payload, ForkEvent.class));
    }

    private static String mebibytes(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
