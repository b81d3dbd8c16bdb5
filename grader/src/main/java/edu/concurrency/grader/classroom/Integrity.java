package edu.concurrency.grader.classroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The result of the tamper check: which protected files of a template changed, appeared or
 * disappeared since {@code export-template} wrote the {@linkplain TamperManifest manifest}.
 *
 * @param checked     whether a manifest was found and checked (false: not a template, nothing to say)
 * @param verified    how many protected files the manifest lists
 * @param changed     protected files whose content differs
 * @param added       files in protected directories that the manifest does not list
 * @param missing     protected files that are gone
 * @param fingerprint SHA-256 of the manifest file itself, or null
 * @param problem     why the check could not be done (unreadable manifest), or null
 */
public record Integrity(boolean checked, int verified, List<String> changed, List<String> added, List<String> missing,
                        String fingerprint, String problem) {

    /** The name of the integrity entry in the Classroom and Gradescope results. */
    public static final String ENTRY_NAME = "integrity";
    /** How many findings {@link #summary()} lists by name. */
    private static final int LISTED = 20;

    public Integrity {
        changed = changed == null ? List.of() : List.copyOf(changed);
        added = added == null ? List.of() : List.copyOf(added);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /** No manifest: the submission is not a template copy, so there is nothing to check. */
    public static Integrity notChecked() {
        return new Integrity(false, 0, List.of(), List.of(), List.of(), null, null);
    }

    /**
     * Checks the template around a submission.
     *
     * @param submission   the graded directory: a template's root, or its {@code exercises/}
     * @param manifestFile an explicit manifest (such as the instructor's own copy, which the student
     *                     cannot edit), or null to look for {@value TamperManifest#LOCATION} in
     *                     {@code submission} and in its parent
     * @return the result; {@link #notChecked()} when no manifest was given or found. An explicit
     *         manifest is checked against the template copy around {@code submission}: the first of
     *         {@code submission} and its parent that holds {@code exercises/}, else {@code submission} itself
     */
    public static Integrity check(Path submission, Path manifestFile) {
        Path dir = submission.toAbsolutePath().normalize();
        Path manifest = manifestFile;
        if (manifest == null) {
            manifest = Stream.of(dir, dir.getParent()).filter(Objects::nonNull)
                    .map(d -> d.resolve(TamperManifest.LOCATION)).filter(Files::isRegularFile)
                    .findFirst().orElse(null);
            if (manifest == null) {
                return notChecked();
            }
        }
        manifest = manifest.toAbsolutePath().normalize();
        if (!Files.isRegularFile(manifest)) {
            return failedCheck(manifest, "the manifest " + manifest + " is missing");
        }
        Path root = manifestFile == null ? manifest.getParent().getParent() : Stream.of(dir, dir.getParent())
                .filter(Objects::nonNull).filter(d -> Files.isDirectory(d.resolve("exercises"))).findFirst().orElse(dir);
        try {
            return TamperManifest.read(manifest).check(root, manifest);
        } catch (IOException | RuntimeException e) {
            return failedCheck(manifest, "the manifest " + manifest + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private static Integrity failedCheck(Path manifest, String why) {
        String fingerprint = null;
        try {
            fingerprint = Files.isRegularFile(manifest) ? TamperManifest.fingerprint(manifest) : null;
        } catch (IOException e) {
            // no fingerprint then
        }
        return new Integrity(true, 0, List.of(), List.of(), List.of(), fingerprint, why);
    }

    /** Whether the check ran and found every protected file as exported. */
    public boolean intact() {
        return checked && problem == null && changed.isEmpty() && added.isEmpty() && missing.isEmpty();
    }

    /** Every finding, one per line: {@code changed: path}, {@code added: path}, {@code missing: path}. */
    public List<String> findings() {
        List<String> lines = new ArrayList<>();
        if (problem != null) {
            lines.add(problem);
        }
        changed.forEach(f -> lines.add("changed: " + f));
        added.forEach(f -> lines.add("added: " + f));
        missing.forEach(f -> lines.add("missing: " + f));
        return lines;
    }

    /** One line for the console, the Markdown report's notes and the results' integrity entry. */
    public String summary() {
        String manifest = fingerprint == null ? "" : " (manifest sha256 " + fingerprint.substring(0, 12) + ")";
        if (intact()) {
            return "Integrity: all " + verified + " protected files (grader, probes, poms, workflow) are as exported"
                    + manifest + ".";
        }
        int count = changed.size() + added.size() + missing.size();
        List<String> files = findings().subList(problem != null ? 1 : 0, problem != null ? 1 + count : count);
        String listed = String.join("; ", files.subList(0, Math.min(files.size(), LISTED)))
                + (files.size() > LISTED ? "; and " + (files.size() - LISTED) + " more" : "");
        return "Integrity: " + (problem != null ? "the tamper check failed: " + problem
                : count + " protected file" + (count == 1 ? " differs" : "s differ") + " from the exported template")
                + manifest + "; only the instructor's re-grade counts" + (listed.isEmpty() ? "." : ": " + listed);
    }
}
