package edu.concurrency.grader.jcstress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmStateCacheTest {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path temp;
    private Path jar;
    private JvmStateCache cache;

    @BeforeEach
    void setUp() throws IOException {
        jar = Files.writeString(temp.resolve("probes.jar"), "the probes jar's bytes");
        cache = new JvmStateCache(temp.resolve("cache"));
    }

    /**
     * A state shaped like the one {@code JcstressLauncher --detect} printed on JDK 17 here. Two calls
     * may differ: {@link Properties#store} writes the current time as a comment, to the second.
     */
    private static String state(String globalFlags) throws IOException {
        return state(globalFlags, "int:2");
    }

    private static String state(String globalFlags, String hotCpus) throws IOException {
        Properties p = new Properties();
        p.setProperty("VMSupport.HOT_CPUS", hotCpus);
        p.setProperty("VMSupport.C2_AVAILABLE", "true");
        p.setProperty("VMSupport.BIASED_LOCKING_AVAILABLE", "false");
        p.setProperty("VMSupport.GLOBAL_JVM_FLAGS", "list:" + globalFlags);
        p.setProperty("VMSupport.C2_STRESS_JVM_FLAGS", "list:-XX:+StressLCM\n-XX:+StressGCM");
        p.setProperty("OSSupport.AFFINITY_ADDITIONAL_OPTIONS",
                "list:-Djna.nounpack=true\n-Djna.boot.library.path=/root/.cache/JNA/temp");
        p.setProperty("OSSupport.TASKSET_AVAILABLE", "true");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.store(bytes, null);
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static final String FLAGS = "-XX:+UnlockDiagnosticVMOptions\n-Xms256M\n-Xmx256M\n-XX:ParallelGCThreads=2";

    @Test
    void aStoredStateIsFoundForTheSameJdkAndJar() throws IOException {
        assertThat(cache.find(JAVA, jar)).isEmpty();
        String state = state(FLAGS);
        cache.store(JAVA, jar, state);
        assertThat(cache.find(JAVA, jar)).contains(state);
        assertThat(temp.resolve("cache")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void anotherProbesJarFindsNothing() throws IOException {
        cache.store(JAVA, jar, state(FLAGS));
        Files.writeString(jar, "another jcstress build");
        assertThat(cache.find(JAVA, jar)).isEmpty();
    }

    @Test
    void anEntryWithOptionsJcstressNeverProbesIsIgnored() throws IOException {
        cache.store(JAVA, jar, state(FLAGS));
        Path entry = Files.list(temp.resolve("cache")).findFirst().orElseThrow();
        Files.writeString(entry, state(FLAGS + "\n-javaagent:/tmp/evil.jar"));
        assertThat(cache.find(JAVA, jar)).as("an injected agent").isEmpty();
        Files.writeString(entry, "not Base64 at all");
        assertThat(cache.find(JAVA, jar)).as("a damaged entry").isEmpty();
        Files.writeString(entry, Base64.getEncoder().encodeToString(
                "Other.FIELD=true\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(cache.find(JAVA, jar)).as("a field of another class").isEmpty();
        Files.writeString(entry, state(FLAGS, "int:-Xmx1g"));
        assertThat(cache.find(JAVA, jar)).as("a count that is no number").isEmpty();
    }

    @Test
    void anImplausibleStateIsNotStored() throws IOException {
        cache.store(JAVA, jar, state("-agentpath:/tmp/evil.so"));
        assertThat(cache.find(JAVA, jar)).isEmpty();
    }

    @Test
    void aCachedStateSparesTheProbe() throws Exception {
        String state = state(FLAGS);
        cache.store(JAVA, jar, state);
        Path probeDir = temp.resolve("probe");
        try (JvmProbe probe = JvmProbe.cachedOrStart(JAVA, jar, probeDir, edu.concurrency.grader.sandbox.Sandbox.none(), cache)) {
            assertThat(probe.state(Duration.ZERO)).contains(state);
        }
        assertThat(probeDir).as("no probe was started").doesNotExist();
    }

    @Test
    void aCacheThatCannotBeWrittenOnlyCostsTheProbe() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "");
        JvmStateCache unwritable = new JvmStateCache(file.resolve("cache"));
        unwritable.store(JAVA, jar, state(FLAGS));
        assertThat(unwritable.find(JAVA, jar)).isEmpty();
    }

    @Test
    void theDefaultDirectoryFollowsXdg() {
        assertThat(JvmStateCache.defaultDir(Map.of("XDG_CACHE_HOME", "/x/cache", "HOME", "/home/s")))
                .contains(Path.of("/x/cache/concurrency-grader/jcstress-vm"));
        assertThat(JvmStateCache.defaultDir(Map.of("HOME", "/home/s")))
                .contains(Path.of("/home/s/.cache/concurrency-grader/jcstress-vm"));
        assertThat(JvmStateCache.defaultDir(Map.of("XDG_CACHE_HOME", "relative", "HOME", "")))
                .as("relative paths are ignored, as the specification says").isEqualTo(Optional.empty());
    }
}
