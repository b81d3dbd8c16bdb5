package edu.concurrency.grader.classroom;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The SHA-256 digests of the files of a student template that students must not change (the
 * grader, the probes, the poms, the workflow), written by {@code export-template} to
 * {@value #LOCATION} and checked by {@code grade}.
 *
 * <p>Two kinds of entries: {@code files}, each protected file with its digest, and
 * {@code protectedDirectories}, directories in which every file must be listed (so that an added
 * file, for example a class that shadows a suite, or a second workflow, is reported too). Build
 * output and IDE metadata are ignored (see {@link #isSource}). Text is hashed with CRLF normalised to LF,
 * so that a checkout with Windows line endings does not count as a change.
 *
 * <p>What this can and cannot do: the check runs inside the student's own repository, with the
 * student's own copy of the grader, so it detects accidental edits and naive tampering, and it
 * turns deliberate tampering into a visible act (the grader itself or the manifest must be
 * edited too, which is in the repository's history). It cannot prove that a result is genuine:
 * only re-grading with the instructor's own copy of the grader can.
 *
 * @param version              format version, {@value #VERSION}
 * @param algorithm            always {@code SHA-256}
 * @param lineEndings          how line endings are treated before hashing (documentation)
 * @param protectedDirectories directories (relative, with {@code /}) in which every file must be listed
 * @param files                protected file (relative path, with {@code /}) to lower-case hex digest
 * @param platformFiles        files (relative paths) that the hosting platform itself adds to every student's copy
 *                             inside a protected directory, never reported as added: Classroom 50 writes its
 *                             autograding workflow {@value #CLASSROOM50_SHIM} at accept time. Empty (and left out of
 *                             the file) unless the template was exported for that platform.
 */
public record TamperManifest(int version, String algorithm, String lineEndings, List<String> protectedDirectories,
                             Map<String, String> files,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> platformFiles) {

    /** Where the manifest lives in a template, relative to its root. */
    public static final String LOCATION = ".grader/manifest.json";
    /** The format version written. */
    public static final int VERSION = 1;
    /**
     * The workflow that Classroom 50's {@code gh student accept} adds to each student's repository (a name
     * reserved by the platform, per its Assignment Templates documentation).
     */
    public static final String CLASSROOM50_SHIM = ".github/workflows/autograde.yaml";
    private static final String SHA_256 = "SHA-256";
    private static final String LINE_ENDINGS = "CRLF is normalised to LF in files without NUL bytes before hashing";
    private static final Set<String> IGNORED_DIRECTORIES = Set.of("target", "bin", "out", ".settings", ".idea", ".vscode");
    private static final Set<String> IGNORED_FILES = Set.of(".project", ".classpath", ".factorypath", ".DS_Store");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public TamperManifest {
        protectedDirectories = protectedDirectories == null ? List.of() : List.copyOf(protectedDirectories);
        files = files == null ? Map.of() : new TreeMap<>(files);
        platformFiles = platformFiles == null ? List.of() : List.copyOf(platformFiles);
    }

    /** This manifest, with {@code paths} never reported as added (see {@link #platformFiles()}). */
    public TamperManifest withPlatformFiles(List<String> paths) {
        return new TamperManifest(version, algorithm, lineEndings, protectedDirectories, files,
                paths.stream().map(TamperManifest::normalise).toList());
    }

    /**
     * Computes the manifest of a template.
     *
     * @param root                 the template's root directory
     * @param protectedFiles       protected files outside the protected directories (relative paths)
     * @param protectedDirectories directories whose every file is protected (relative paths)
     * @throws IOException when a file cannot be read
     */
    public static TamperManifest compute(Path root, List<String> protectedFiles, List<String> protectedDirectories)
            throws IOException {
        Map<String, String> digests = new TreeMap<>();
        for (String file : protectedFiles) {
            Path p = root.resolve(file);
            if (Files.isRegularFile(p)) {
                digests.put(normalise(file), digest(p));
            }
        }
        for (String dir : protectedDirectories) {
            for (String file : filesUnder(root, dir)) {
                digests.put(file, digest(root.resolve(file)));
            }
        }
        return new TamperManifest(VERSION, SHA_256, LINE_ENDINGS,
                protectedDirectories.stream().map(TamperManifest::normalise).toList(), digests, List.of());
    }

    /** Reads a manifest file. */
    public static TamperManifest read(Path file) throws IOException {
        TamperManifest m = JSON.readValue(file.toFile(), TamperManifest.class);
        if (m.version() != VERSION || !SHA_256.equals(m.algorithm())) {
            throw new IOException("unsupported manifest " + file + ": version " + m.version() + ", " + m.algorithm());
        }
        return m;
    }

    /** Writes the manifest to {@code root}/{@value #LOCATION}, and returns that file. */
    public Path write(Path root) throws IOException {
        Path file = root.resolve(LOCATION);
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(this) + "\n");
        return file;
    }

    /**
     * Compares the files under {@code root} with this manifest. Neither the manifest's own file nor
     * a file at {@value #LOCATION} of {@code root} (the copy's own manifest, when the check uses
     * another one, such as the instructor's) counts as added, and neither does a platform file.
     *
     * @param root         the template's root directory
     * @param manifestFile the manifest's own file, or null
     * @return what changed; the fingerprint is that of {@code manifestFile}
     * @throws IOException when a directory cannot be listed
     */
    public Integrity check(Path root, Path manifestFile) throws IOException {
        List<String> changed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = root.resolve(e.getKey());
            if (!Files.isRegularFile(p)) {
                missing.add(e.getKey());
            } else if (!digest(p).equals(e.getValue())) {
                changed.add(e.getKey());
            }
        }
        String self = manifestFile == null ? null
                : normalise(root.toAbsolutePath().normalize().relativize(manifestFile.toAbsolutePath().normalize()).toString());
        for (String dir : protectedDirectories) {
            for (String file : filesUnder(root, dir)) {
                if (!files.containsKey(file) && !file.equals(self) && !file.equals(LOCATION)
                        && !platformFiles.contains(file)) {
                    added.add(file);
                }
            }
        }
        return new Integrity(true, files.size(), changed, added, missing,
                manifestFile == null ? null : fingerprint(manifestFile), null);
    }

    /** The SHA-256 of a file's bytes (the manifest's own fingerprint), in hex. */
    static String fingerprint(Path file) throws IOException {
        return HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file)));
    }

    /** The digest of a protected file: SHA-256, hex, of its bytes with CRLF as LF unless it holds a NUL byte. */
    static String digest(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return HexFormat.of().formatHex(sha256().digest(isBinary(bytes) ? bytes : withoutCarriageReturns(bytes)));
    }

    private static boolean isBinary(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    private static byte[] withoutCarriageReturns(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (!(bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n')) {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance(SHA_256);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Regular files under {@code root/dir}, relative to root, with '/', skipping build output ({@code target/}). */
    private static List<String> filesUnder(Path root, String dir) throws IOException {
        Path base = root.resolve(dir);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(base)) {
            return paths.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p))
                    .filter(TamperManifest::isSource)
                    .map(p -> normalise(p.toString()))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Whether a file under a protected directory is part of the template rather than build output
     * or IDE metadata (Maven's {@code target/}, Eclipse's and VS Code's {@code bin/}, {@code .project},
     * {@code .classpath}, {@code .settings/}, {@code .factorypath}, IntelliJ's {@code out/}, {@code .idea/},
     * {@code *.iml}), none of which takes part in the build or the grading. Directory names count only
     * above a {@code src} directory, so that a package named {@code out} is still a source.
     */
    static boolean isSource(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("src")) {
                break; // below src/, every directory name is a package or resource folder
            }
            if (IGNORED_DIRECTORIES.contains(part.toString())) {
                return false;
            }
        }
        String name = relative.getFileName().toString();
        return !IGNORED_FILES.contains(name) && !name.endsWith(".iml");
    }

    private static String normalise(String path) {
        return Objects.requireNonNull(path).replace('\\', '/');
    }
}
