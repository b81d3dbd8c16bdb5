package edu.concurrency.grader.it;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.report.Report;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether a grading ran in the bubblewrap sandbox, read from its report's notes, and the rule that
 * keeps CI from falling back silently: where bwrap is installed, a grading with the default
 * {@code --sandbox auto} must have run in it.
 */
final class SandboxExpectation {
    /** How the report's note begins when the sandbox ran. */
    static final String RAN = "Sandbox: bubblewrap";
    /** How the report's note begins when it did not. */
    static final String DID_NOT_RUN = "Sandbox: none";

    private SandboxExpectation() {
    }

    /** Whether a {@code bwrap} is on {@code PATH} (or at {@code /usr/bin/bwrap}). */
    static boolean bwrapInstalled() {
        return Stream.concat(Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)),
                        Stream.of("/usr/bin"))
                .filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, "bwrap")));
    }

    /**
     * Checks the report's sandbox note: exactly one; the sandbox ran when bwrap is installed and
     * {@code --sandbox none} was not given, and did not when it was.
     *
     * @return whether the grading ran in the sandbox
     */
    static boolean check(Report report, boolean noneAsked, String story) {
        assertThat(report.notes().stream().filter(n -> n.startsWith(RAN) || n.startsWith(DID_NOT_RUN)))
                .as(story + "\none note says which sandbox ran").hasSize(1);
        boolean ran = report.notes().stream().anyMatch(n -> n.startsWith(RAN));
        if (noneAsked) {
            assertThat(ran).as(story + "\n--sandbox none, yet the sandbox ran").isFalse();
        } else if (bwrapInstalled()) {
            assertThat(ran).as(story + "\nbwrap is installed, so --sandbox auto must use it (no silent fallback)").isTrue();
        }
        return ran;
    }
}
