package edu.concurrency.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bwrap command line and environment, without running bwrap (SandboxedProcessTest runs it). */
class SandboxTest {

    @Test
    void withoutASandboxTheCommandAndEnvironmentAreUnchanged() {
        List<String> command = List.of("java", "-version");
        assertThat(Sandbox.none().command(command, Path.of("/tmp"), List.of(), List.of())).isSameAs(command);
        Map<String, String> env = Map.of("SECRET_SAUCE", "x");
        assertThat(Sandbox.none().environment(env)).isSameAs(env);
        assertThat(Confinement.NONE.active()).isFalse();
        assertThat(Sandbox.choose(SandboxMode.NONE).note()).startsWith("Sandbox: none (--sandbox none)");
    }

    @Test
    void theCommandIsolatesEverythingAndBindsOnlyWhatItIsGiven(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path own = Files.createDirectories(dir.resolve("fork/sandbox"));
        Path results = Files.writeString(dir.resolve("fork/results.jsonl"), "");
        Path missing = dir.resolve("missing.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        List<String> wrapped = Sandbox.bwrap(Path.of("/usr/bin/bwrap")).command(List.of(java.toString(), "-cp",
                classes.toString(), "Main"), own, List.of(classes, missing), List.of(own, results));
        String line = String.join(" ", wrapped);
        assertThat(wrapped.get(0)).isEqualTo("/usr/bin/bwrap");
        assertThat(line).contains("--unshare-all", "--die-with-parent", "--cap-drop ALL", "--proc /proc", "--dev /dev",
                "--tmpfs /tmp", "--ro-bind " + classes.toRealPath() + " " + classes.toRealPath(),
                "--bind " + own.toRealPath() + " " + own.toRealPath(),
                "--bind " + results.toRealPath() + " " + results.toRealPath(),
                "--chdir " + own.toRealPath() + " -- " + java + " -cp");
        assertThat(line).doesNotContain(missing.toString()).doesNotContain("--share-net")
                .doesNotContain("--ro-bind /etc /etc").doesNotContain("--bind / ");
        Path jdk = java.getParent().getParent();
        if (!jdk.startsWith("/usr")) {
            assertThat(line).contains("--ro-bind " + jdk + " " + jdk);
        }
        assertThat(wrapped.indexOf("--tmpfs")).as("/tmp is made before the binds below it")
                .isLessThan(wrapped.indexOf("--bind"));
    }

    @Test
    void theEnvironmentKeepsOnlyWhatAJvmNeeds() {
        Map<String, String> kept = Sandbox.bwrap(Path.of("/usr/bin/bwrap")).environment(Map.of("PATH", "/usr/bin",
                "LANG", "C.UTF-8", "LC_ALL", "C", "TZ", "UTC", "AWS_ACCESS_KEY_ID", "k", "SSH_AUTH_SOCK", "/run/agent",
                "JAVA_TOOL_OPTIONS", "-javaagent:x.jar", "MAVEN_OPTS", "-Xmx1g"));
        assertThat(kept).containsKeys("PATH", "LANG", "LC_ALL", "TZ")
                .doesNotContainKeys("AWS_ACCESS_KEY_ID", "SSH_AUTH_SOCK", "JAVA_TOOL_OPTIONS", "MAVEN_OPTS");
    }

    @Test
    void modesAreParsedAndAnUnknownOneIsRefused() {
        assertThat(SandboxMode.parse(" BWrap ")).isEqualTo(SandboxMode.BWRAP);
        assertThat(SandboxMode.AUTO).hasToString("auto");
        assertThatThrownBy(() -> SandboxMode.parse("docker")).hasMessageContaining("auto, bwrap or none");
    }
}
