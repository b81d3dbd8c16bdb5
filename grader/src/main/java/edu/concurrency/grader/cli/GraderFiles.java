package edu.concurrency.grader.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Where the grader's own files are: its class path, the probes jar, the repository it was started in. */
final class GraderFiles {
    /** The probes jar inside the grader jar (embedded by the build). */
    static final String EMBEDDED_PROBES = "/probes/jcstress.jar";

    private GraderFiles() {
    }

    /**
     * The grader's class path for forked JVMs: the system property {@code grader.jar}, else the jar
     * this class was loaded from, else {@code java.class.path}.
     */
    static List<Path> classPath() {
        String jar = System.getProperty("grader.jar");
        if (jar != null && !jar.isBlank()) {
            return List.of(Path.of(jar).toAbsolutePath());
        }
        try {
            Path self = Path.of(GraderFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self)) {
                return List.of(self.toAbsolutePath());
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the class path
        }
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(s -> Path.of(s).toAbsolutePath()).toList();
    }

    /** The probes jar: the embedded one (copied to {@code workDir}), else the build's. */
    static Optional<Path> probesJar(Path workDir, Path repoRoot) throws IOException {
        try (InputStream in = GraderFiles.class.getResourceAsStream(EMBEDDED_PROBES)) {
            if (in != null) {
                Path target = Files.createDirectories(workDir).resolve("jcstress.jar");
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                return Optional.of(target);
            }
        }
        Path built = repoRoot.resolve("jcstress-tests/target/jcstress.jar");
        return Files.isRegularFile(built) ? Optional.of(built) : Optional.empty();
    }

    /** The nearest directory, from {@code start} upwards, that contains {@code exercises/}. */
    static Optional<Path> repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("exercises"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
