package edu.concurrency.grader.jcstress;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What {@link JvmProbe} found about a JDK, kept between gradings: jcstress's probing starts about
 * 25 JVMs (about 7 s of CPU time on a 2-core machine), and its findings depend only on the JDK, the
 * jcstress build, the machine's cores and the user's home (jcstress's JNA library path), never on
 * a submission. A student who grades again, and a batch of a hundred submissions, probe once.
 *
 * <p>One file per key in the cache directory ({@code $XDG_CACHE_HOME/concurrency-grader/jcstress-vm},
 * else {@code ~/.cache/concurrency-grader/jcstress-vm}, as the XDG Base Directory Specification
 * says), named by the SHA-256 of: the {@code java} launcher's real path, its JDK's {@code release}
 * file, the size and modification time of its {@code lib/modules}, the probes jar's content, the
 * processors available and the user's home. A JDK updated in place, another jcstress or another
 * machine therefore finds no entry and probes again.
 *
 * <p>An entry is used only when it looks like what jcstress's own probing produces: the fields of
 * {@code VMSupport} and {@code OSSupport} with booleans, counts ({@code int:N}) or lists of {@code -XX:}, {@code -Xms},
 * {@code -Xmx} and {@code -Djna.} options; anything else (a damaged or hand-edited file, say an
 * injected {@code -javaagent}) is ignored and replaced by a fresh probe. Failures to read or write
 * the cache are never errors: the grading probes as without a cache.
 */
public final class JvmStateCache {
    /** Bumped when the meaning of an entry changes. */
    private static final String FORMAT = "2";
    private static final Pattern FIELD = Pattern.compile("(VMSupport|OSSupport)\\.[A-Z0-9_]+");
    private static final Pattern OPTION = Pattern.compile(
            "-XX:[+-]?[A-Za-z0-9_]+(=[A-Za-z0-9_.]+)?|-Xm[sx][0-9]+[KMGkmg]?|-Djna\\.[a-z.]+=[^\\s]*");

    /** A saved count, such as the CPUs that can run hot ({@code VMSupport.HOT_CPUS}). */
    private static final Pattern COUNT = Pattern.compile("int:[0-9]{1,4}");

    private final Path dir;

    /** @param dir the directory of the entries (created on the first store) */
    public JvmStateCache(Path dir) {
        this.dir = dir;
    }

    /**
     * The default directory, from the environment as the XDG Base Directory Specification says.
     *
     * @param env the environment ({@code XDG_CACHE_HOME}, {@code HOME})
     * @return {@code $XDG_CACHE_HOME/concurrency-grader/jcstress-vm}, else
     *         {@code $HOME/.cache/concurrency-grader/jcstress-vm}, else empty
     */
    public static Optional<Path> defaultDir(Map<String, String> env) {
        String xdg = env.getOrDefault("XDG_CACHE_HOME", "");
        if (xdg.startsWith("/")) {
            return Optional.of(Path.of(xdg, "concurrency-grader", "jcstress-vm"));
        }
        String home = env.getOrDefault("HOME", "");
        return home.startsWith("/") ? Optional.of(Path.of(home, ".cache", "concurrency-grader", "jcstress-vm"))
                : Optional.empty();
    }

    /**
     * The entry for this JDK and probes jar, if there is a plausible one.
     *
     * @param java      the {@code java} launcher that runs the probes
     * @param probesJar the probes jar
     * @return the Base64 state to pass as {@code --vm-state}, or empty
     */
    public Optional<String> find(Path java, Path probesJar) {
        try {
            Path entry = dir.resolve(key(java, probesJar));
            if (!Files.isRegularFile(entry)) {
                return Optional.empty();
            }
            String state = Files.readString(entry, StandardCharsets.US_ASCII).strip();
            return plausible(state) ? Optional.of(state) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Keeps a state for this JDK and probes jar (written to a temporary file and moved into place,
     * so that a concurrent grading reads either nothing or the whole entry). Does nothing when the
     * state is not plausible or the directory cannot be written.
     */
    public void store(Path java, Path probesJar, String state) {
        if (!plausible(state)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path entry = dir.resolve(key(java, probesJar));
            Path temporary = Files.createTempFile(dir, entry.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temporary, state + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, entry, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written only costs the next grading its probing
        }
    }

    /**
     * The name of the entry for a JDK and a probes jar (see the class comment for what it covers).
     *
     * @throws IOException when the launcher or the jar cannot be read
     */
    static String key(Path java, Path probesJar) throws IOException {
        MessageDigest digest = sha256();
        Path launcher = java.toRealPath();
        Path home = launcher.getParent().getParent();
        update(digest, FORMAT);
        update(digest, launcher.toString());
        Path release = home.resolve("release");
        update(digest, Files.isRegularFile(release) ? Files.readString(release) : "no release file");
        Path modules = home.resolve("lib").resolve("modules");
        update(digest, Files.isRegularFile(modules)
                ? Files.size(modules) + "@" + Files.getLastModifiedTime(modules).toMillis() : "no modules file");
        try (InputStream in = new DigestInputStream(Files.newInputStream(probesJar), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        update(digest, Integer.toString(Runtime.getRuntime().availableProcessors()));
        update(digest, System.getProperty("user.home", ""));
        return HexFormat.of().formatHex(digest.digest()) + ".vm-state";
    }

    /**
     * Whether a text looks like what {@code JcstressLauncher --detect} prints after its prefix:
     * Base64 of a properties file whose keys are {@code VMSupport}/{@code OSSupport} fields and
     * whose values are {@code true}, {@code false}, {@code null}, a count {@code int:N} or {@code list:} of newline-separated
     * JVM options of the kinds jcstress probes.
     */
    static boolean plausible(String state) {
        Properties properties = new Properties();
        try {
            properties.load(new ByteArrayInputStream(Base64.getDecoder().decode(state)));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        if (properties.isEmpty()) {
            return false;
        }
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            if (!FIELD.matcher(key).matches()) {
                return false;
            }
            if (value.startsWith("list:")) {
                String items = value.substring("list:".length());
                if (!items.isEmpty() && !List.of(items.split("\n")).stream().allMatch(o -> OPTION.matcher(o).matches())) {
                    return false;
                }
            } else if (!List.of("true", "false", "null").contains(value) && !COUNT.matcher(value).matches()) {
                return false;
            }
        }
        return true;
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
