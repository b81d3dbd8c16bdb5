package edu.concurrency.grader.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The grader's version as recorded in stamps and in {@code summary.json}:
 * {@code PROJECT_VERSION+HASH}, the Maven project version and the first 12 hex digits of a SHA-256
 * over the grader's own class files ({@code edu/concurrency/grader/**}, name and content, sorted by
 * name). Two builds of the same sources with the same JDK have the same version, whatever the
 * jar's timestamps, so shards built on different runners merge; any change of the grader's code
 * changes it, so a re-run grades again.
 */
public final class GraderBuild {
    private static final String PREFIX = "edu/concurrency/grader/";

    private GraderBuild() {
    }

    /**
     * The version of the running grader.
     *
     * @throws UncheckedIOException when the grader's own classes cannot be read
     */
    public static String version() {
        return projectVersion() + "+" + classesHash().substring(0, 12);
    }

    private static String projectVersion() {
        Properties properties = new Properties();
        try (InputStream in = GraderBuild.class.getResourceAsStream("/grader-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    private static String classesHash() {
        TreeMap<String, byte[]> classes = new TreeMap<>();
        try {
            Path source = Path.of(GraderBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                Path root = source.resolve(PREFIX);
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        classes.put(PREFIX + root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(source.toFile())) {
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                        JarEntry e = entries.nextElement();
                        if (!e.isDirectory() && e.getName().startsWith(PREFIX)) {
                            try (InputStream in = jar.getInputStream(e)) {
                                classes.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the grader's classes", e);
        } catch (URISyntaxException | SecurityException e) {
            throw new IllegalStateException("cannot locate the grader's classes", e);
        }
        MessageDigest digest = Fingerprints.sha256();
        classes.forEach((name, content) -> {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(content);
        });
        return HexFormat.of().formatHex(digest.digest());
    }
}
