package edu.concurrency.grader.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a stream on its own daemon thread, keeping at most {@code limit} bytes of its head and
 * {@code limit} bytes of its tail. Memory stays bounded however much the process writes.
 */
final class BoundedCapture {
    private final int limit;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] tail;
    private int tailStart;
    private int tailLength;
    private long total;
    /** Whether the stream reached its end (or failed); guarded by {@code this}. */
    private boolean ended;
    private final Thread pump;

    BoundedCapture(InputStream in, int limit, String name) {
        this.limit = limit;
        this.tail = new byte[limit];
        this.pump = new Thread(() -> drain(in), name);
        pump.setDaemon(true);
        pump.start();
    }

    private void drain(InputStream in) {
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                append(chunk, n);
            }
        } catch (IOException closed) {
            // the process is gone or the stream was closed by killTree: keep what we have
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void append(byte[] chunk, int n) {
        total += n;
        int i = 0;
        if (head.size() < limit) {
            int take = Math.min(n, limit - head.size());
            head.write(chunk, 0, take);
            i = take;
        }
        for (; i < n; i++) {
            tail[(tailStart + tailLength) % limit] = chunk[i];
            if (tailLength < limit) {
                tailLength++;
            } else {
                tailStart = (tailStart + 1) % limit;
            }
        }
        notifyAll();
    }

    /**
     * Waits until the kept head of the stream contains {@code text}.
     *
     * @param text   what to wait for; it must come within the first {@code limit} bytes
     * @param millis the longest wait, in ms
     * @return true when it came; false when the stream ended, the head filled up without it, or
     *         the time ran out
     * @throws InterruptedException when the waiting thread is interrupted
     */
    synchronized boolean awaitInHead(String text, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            if (head.toString(StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
            long left = until - System.nanoTime();
            if (ended || head.size() >= limit || left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
    }

    /** Waits up to {@code millis} ms for the stream to reach its end, then snapshots. */
    CapturedOutput finish(long millis) {
        try {
            pump.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return snapshot();
    }

    synchronized CapturedOutput snapshot() {
        byte[] tailBytes = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) {
            tailBytes[i] = tail[(tailStart + i) % limit];
        }
        long dropped = total - head.size() - tailLength;
        String text = head.toString(StandardCharsets.UTF_8);
        if (dropped > 0) {
            text += "\n[... " + dropped + " bytes cut ...]\n";
        }
        text += new String(tailBytes, StandardCharsets.UTF_8);
        return new CapturedOutput(text, total, dropped > 0);
    }
}
