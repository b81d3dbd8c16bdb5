package edu.concurrency.grader.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.concurrency.grader.fork.ForkEvent;
import edu.concurrency.grader.fork.ResultSigner;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results file is read once per byte, only signed lines count, and a flood stops the reading. */
class ResultsFileTest {
    private final ResultSigner signer = new ResultSigner(ResultSigner.newKey());

    @TempDir
    Path dir;

    private String signed(String type, String id) throws Exception {
        return signer.sign(new ObjectMapper().writeValueAsString(new ForkEvent(type, id, null))) + "\n";
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    void readsIncrementallyAndOnlyCompleteLines() throws Exception {
        Path file = Files.createFile(dir.resolve("results.jsonl"));
        String line = signed(ForkEvent.START, "a");
        try (ResultsFile results = new ResultsFile(file, signer)) {
            append(file, line.substring(0, 20));
            assertThat(results.read().valid()).isEmpty();
            append(file, line.substring(20));
            ResultsFile.Events events = results.read();
            assertThat(events.valid()).extracting(ForkEvent::id).containsExactly("a");
            assertThat(events.forged()).isFalse();
            assertThat(events.overflow()).isNull();
            assertThat(results.read().valid()).as("each line once").isEmpty();
            assertThat(results.bytesRead()).isEqualTo(Files.size(file));
            append(file, signed(ForkEvent.START, "b"));
            assertThat(results.read().valid()).extracting(ForkEvent::id).containsExactly("b");
        }
    }

    @Test
    void unsignedLinesAreForgedAndIgnoredWhileSignedOnesStillCount() throws Exception {
        Path file = Files.createFile(dir.resolve("results.jsonl"));
        try (ResultsFile results = new ResultsFile(file, signer)) {
            append(file, signed(ForkEvent.START, "a"));
            assertThat(results.read().forged()).isFalse();
            append(file, "{\"type\":\"result\",\"id\":\"a\",\"outcome\":{\"status\":\"passed\"}}\n" + signed(ForkEvent.START, "b"));
            ResultsFile.Events events = results.read();
            assertThat(events.forged()).isTrue();
            assertThat(events.valid()).extracting(ForkEvent::id).containsExactly("b");
            append(file, "no newline at the end");
            assertThat(results.finish().forged()).isTrue();
        }
    }

    @Test
    void aTruncatedFileIsForgedAndReadingGoesOnFromItsNewEnd() throws Exception {
        Path file = Files.createFile(dir.resolve("results.jsonl"));
        try (ResultsFile results = new ResultsFile(file, signer)) {
            append(file, signed(ForkEvent.START, "a") + signed(ForkEvent.START, "b"));
            assertThat(results.read().valid()).hasSize(2);
            Files.writeString(file, "");
            append(file, signed(ForkEvent.START, "c"));
            ResultsFile.Events events = results.read();
            assertThat(events.forged()).isTrue();
        }
    }

    @Test
    void replacingThePathDoesNotHideTheForksLines() throws Exception {
        Path file = Files.createFile(dir.resolve("results.jsonl"));
        try (ResultsFile results = new ResultsFile(file, signer);
             OutputStream fork = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            Files.delete(file);
            Files.writeString(file, "garbage\n");
            fork.write(signed(ForkEvent.START, "a").getBytes(StandardCharsets.UTF_8));
            fork.flush();
            assertThat(results.read().valid()).extracting(ForkEvent::id).containsExactly("a");
        }
    }

    @Test
    void aLineOverTheLimitStopsTheReadingForGood() throws Exception {
        Path file = Files.createFile(dir.resolve("results.jsonl"));
        try (ResultsFile results = new ResultsFile(file, signer)) {
            append(file, signed(ForkEvent.START, "a") + "x".repeat(ResultsFile.MAX_LINE_BYTES + 1));
            ResultsFile.Events events = results.read();
            assertThat(events.valid()).extracting(ForkEvent::id).containsExactly("a");
            assertThat(events.overflow()).isEqualTo("a line longer than 1 MiB");
            append(file, "\n" + signed(ForkEvent.START, "b"));
            assertThat(results.read().valid()).isEmpty();
            assertThat(results.finish().overflow()).isEqualTo("a line longer than 1 MiB");
        }
    }

    @Test
    void aLineExactlyAtTheLimitIsStillRead() throws Exception {
        Path file = Files.createFile(dir.resolve("results.jsonl"));
        try (ResultsFile results = new ResultsFile(file, signer, 300, 10_000)) {
            append(file, "y".repeat(300) + "\n" + signed(ForkEvent.START, "a"));
            ResultsFile.Events events = results.read();
            assertThat(events.overflow()).isNull();
            assertThat(events.forged()).isTrue();
        }
    }

    @Test
    void moreThanTheTotalLimitStopsTheReading() throws Exception {
        Path file = Files.createFile(dir.resolve("results.jsonl"));
        try (ResultsFile results = new ResultsFile(file, signer, 1000, 4000)) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; lines.length() < 6000; i++) {
                lines.append(signed(ForkEvent.START, "c" + i));
            }
            append(file, lines.toString());
            ResultsFile.Events events = results.read();
            assertThat(events.overflow()).isEqualTo("more than 4000 bytes in all");
            assertThat(events.valid()).isNotEmpty();
            assertThat(results.bytesRead()).isEqualTo(4000);
        }
        assertThat(ResultsFile.MAX_TOTAL_BYTES).isEqualTo(64L << 20);
    }
}
