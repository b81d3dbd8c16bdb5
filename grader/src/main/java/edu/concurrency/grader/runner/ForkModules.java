package edu.concurrency.grader.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The modules a forked JVM of the submission may resolve ({@code --limit-modules}): the Java SE
 * API and the JDK modules a graded program may need, but not {@code jdk.management} (whose
 * {@code HotSpotDiagnosticMXBean.dumpHeap} would let the submission read the key that signs the
 * fork's results from its own heap), nor the attach, debugger and monitoring modules.
 *
 * <p>Source of the module names: the {@code MODULES} line of the JDK's {@code release} file, and
 * the module graph of JDK 17 and 25 ({@code java --describe-module}): none of the kept modules
 * requires {@code jdk.management} or {@code jdk.attach}.
 */
final class ForkModules {
    /** Kept when the JDK has them; {@code java.se} brings the whole standard API. */
    static final List<String> KEEP = List.of("java.se", "jdk.httpserver", "jdk.unsupported", "jdk.charsets",
            "jdk.localedata", "jdk.crypto.ec", "jdk.crypto.cryptoki", "jdk.zipfs", "jdk.net", "jdk.naming.dns",
            "jdk.security.auth", "jdk.security.jgss", "jdk.xml.dom", "jdk.nio.mapmode", "jdk.sctp", "jdk.random",
            "jdk.dynalink", "jdk.jsobject", "jdk.accessibility");

    private ForkModules() {
    }

    /**
     * The {@code --limit-modules} value for the JDK at {@code javaHome}.
     *
     * @return the comma-separated modules, or empty when the JDK's {@code release} file does not
     *         list its modules (then the fork resolves the default set)
     */
    static Optional<String> limit(Path javaHome) {
        try {
            Optional<String> line = Files.readAllLines(javaHome.resolve("release")).stream()
                    .filter(l -> l.startsWith("MODULES=")).findFirst();
            if (line.isEmpty()) {
                return Optional.empty();
            }
            Set<String> present = Arrays.stream(line.get().substring("MODULES=".length()).replace("\"", "").split("\\s+"))
                    .collect(Collectors.toSet());
            if (!present.contains("java.se")) {
                return Optional.empty();
            }
            return Optional.of(KEEP.stream().filter(present::contains).collect(Collectors.joining(",")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
