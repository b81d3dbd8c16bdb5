package edu.concurrency.grader.rubric;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where rubric files are found: the grader's bundled folder {@value #FOLDER}, or a file or folder
 * an instructor gives. No list names the files: a folder's rubric is every {@code *.yaml} file
 * directly in it.
 */
public final class RubricFiles {
    /** The bundled rubric's folder, among the grader's resources (one file per exercise). */
    public static final String FOLDER = "rubric";
    /** The ending of a rubric file's name. */
    public static final String SUFFIX = ".yaml";

    private RubricFiles() {
    }

    /**
     * One rubric file.
     *
     * @param name    its name: the path below the code source for bundled files (for example
     *                {@code rubric/queue.yaml}), else the path as given
     * @param content its bytes
     */
    public record Source(String name, byte[] content) {
    }

    /**
     * The bundled rubric's files, sorted by name, from the code source of the grader's own
     * classes: the folder {@value #FOLDER} in a class directory (a development build) or in the
     * grader jar (packaged).
     *
     * @throws RubricException when the code source cannot be found or read, or holds no rubric file
     */
    public static List<Source> bundled() {
        Path location;
        try {
            location = Path.of(RubricFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new RubricException("cannot locate the grader's own classes to read its bundled rubric", e);
        }
        return inCodeSource(location);
    }

    /**
     * The rubric files of the folder {@value #FOLDER} in a code source, sorted by name.
     *
     * @param location a class directory or a jar
     * @throws RubricException when it cannot be read or holds no rubric file
     */
    static List<Source> inCodeSource(Path location) {
        List<Source> found = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                Path folder = location.resolve(FOLDER);
                if (Files.isDirectory(folder)) {
                    for (Path file : yamlFiles(folder)) {
                        found.add(new Source(FOLDER + "/" + file.getFileName(), Files.readAllBytes(file)));
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(location.toFile())) {
                    for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                        ZipEntry entry = entries.nextElement();
                        String name = entry.getName();
                        if (!entry.isDirectory() && name.startsWith(FOLDER + "/") && name.endsWith(SUFFIX)
                                && name.indexOf('/', FOLDER.length() + 1) < 0) {
                            found.add(new Source(name, jar.getInputStream(entry).readAllBytes()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new RubricException("cannot read the bundled rubric in " + location + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new RubricException("the grader has no rubric file: no " + FOLDER + "/*" + SUFFIX + " in " + location);
        }
        found.sort(Comparator.comparing(Source::name));
        return found;
    }

    /**
     * The rubric files at {@code path}: the file itself, or every {@code *.yaml} file directly in
     * the folder, sorted by name.
     *
     * @throws RubricException when it cannot be read, or a folder holds no rubric file
     */
    public static List<Source> of(Path path) {
        try {
            if (!Files.isDirectory(path)) {
                return List.of(new Source(path.toString(), Files.readAllBytes(path)));
            }
            List<Source> found = new ArrayList<>();
            for (Path file : yamlFiles(path)) {
                found.add(new Source(file.toString(), Files.readAllBytes(file)));
            }
            if (found.isEmpty()) {
                throw new RubricException("no rubric file (*" + SUFFIX + ") in the folder " + path);
            }
            return found;
        } catch (IOException e) {
            throw new RubricException("cannot read rubric " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bytes that identify a rubric for fingerprints: a single file's own bytes; for several
     * files, each file's name (without its folder) and bytes, in name order.
     */
    public static byte[] fingerprintBytes(List<Source> sources) {
        if (sources.size() == 1) {
            return sources.get(0).content();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Source s : sources) {
            String name = s.name().substring(s.name().lastIndexOf('/') + 1);
            out.writeBytes(("--- " + name + "\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(s.content());
        }
        return out.toByteArray();
    }

    private static List<Path> yamlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(f -> f.getFileName().toString())).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
