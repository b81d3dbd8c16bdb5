package edu.concurrency.grader.submission;

import edu.concurrency.grader.rubric.Exercise;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;

/**
 * The compiled classes of the course's exercise module ({@code exercises/}) that the grader
 * carries: the stubs and the course-provided classes. Of an exercise's package, the provided
 * classes are those that are not student classes ({@link Exercise#studentClasses()}); no list
 * names them. The grader compiles and runs a submission against its own copy of those, and never
 * hands a submission a stub: stubs stay here, off every class path.
 *
 * <p>The packaged grader carries the module's jar as the resource {@value #EMBEDDED}, off its
 * class path. A development build (tests, an IDE) has no such resource and reads the module's
 * classes from the class path instead.
 */
public final class CourseClasses {
    /** Where the build embeds the exercise module's jar in the grader jar. */
    public static final String EMBEDDED = "/course/exercises.jar";

    private static final String CLASS = ".class";

    /** Class files by path ({@code edu/concurrency/queue/BoundedBuffer.class}); null: read the class path. */
    private final Map<String, byte[]> embedded;
    private final ClassLoader loader;

    private CourseClasses(Map<String, byte[]> embedded, ClassLoader loader) {
        this.embedded = embedded;
        this.loader = loader;
    }

    /**
     * The classes the grader carries: the embedded jar {@value #EMBEDDED} when there is one, else
     * the class path of the grader's own class loader.
     *
     * @throws UncheckedIOException when the embedded jar cannot be read
     */
    public static CourseClasses bundled() {
        try (InputStream in = CourseClasses.class.getResourceAsStream(EMBEDDED)) {
            if (in != null) {
                return new CourseClasses(read(in), null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the grader's copy of the course's classes " + EMBEDDED, e);
        }
        return new CourseClasses(null, CourseClasses.class.getClassLoader());
    }

    /**
     * The classes of a jar or a class directory of the exercise module.
     *
     * @throws IOException when it cannot be read
     */
    public static CourseClasses of(Path jarOrDirectory) throws IOException {
        if (Files.isDirectory(jarOrDirectory)) {
            Map<String, byte[]> classes = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(jarOrDirectory)) {
                for (Path file : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(CLASS))::iterator) {
                    classes.put(jarOrDirectory.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
            return new CourseClasses(classes, null);
        }
        try (InputStream in = Files.newInputStream(jarOrDirectory)) {
            return new CourseClasses(read(in), null);
        }
    }

    /**
     * The simple names of the course-provided top-level classes of {@code exercise}'s package:
     * every class of the package (not its sub-packages) that is not a student class, sorted.
     *
     * @throws IOException when the classes cannot be read
     */
    public Set<String> providedNames(Exercise exercise) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String file : inPackage(exercise.packagePath()).keySet()) {
            String top = topLevel(file);
            if (!top.equals("package-info") && !exercise.studentClasses().contains(top)) {
                names.add(top);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * Writes the course-provided classes of {@code exercise} (nested classes included) into the
     * class directory {@code root}, created when missing.
     *
     * @throws IOException when the classes cannot be read or written
     */
    public ProvidedClasses extractProvided(Exercise exercise, Path root) throws IOException {
        Set<String> names = providedNames(exercise);
        Files.createDirectories(root);
        for (Map.Entry<String, byte[]> e : inPackage(exercise.packagePath()).entrySet()) {
            if (names.contains(topLevel(e.getKey()))) {
                Path target = root.resolve(exercise.packagePath()).resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, e.getValue());
            }
        }
        return new ProvidedClasses(names, root);
    }

    /** The simple name of the top-level class a class file of a package belongs to. */
    static String topLevel(String fileName) {
        String name = fileName.substring(0, fileName.length() - CLASS.length());
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    /** The class files directly in the package {@code packagePath}, by file name. */
    private Map<String, byte[]> inPackage(String packagePath) throws IOException {
        Map<String, byte[]> found = new TreeMap<>();
        String prefix = packagePath + "/";
        if (embedded != null) {
            embedded.forEach((path, bytes) -> {
                if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0) {
                    found.put(path.substring(prefix.length()), bytes);
                }
            });
            return found;
        }
        for (Enumeration<URL> urls = loader.getResources(packagePath); urls.hasMoreElements(); ) {
            URL url = urls.nextElement();
            if ("file".equals(url.getProtocol())) {
                fromDirectory(url, found);
            } else if ("jar".equals(url.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    for (JarEntry entry : Collections.list(jar.entries())) {
                        String path = entry.getName();
                        if (path.startsWith(prefix) && path.endsWith(CLASS) && path.indexOf('/', prefix.length()) < 0) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                found.putIfAbsent(path.substring(prefix.length()), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static void fromDirectory(URL url, Map<String, byte[]> found) throws IOException {
        Path dir;
        try {
            dir = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("not a class directory: " + url, e);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(f -> f.toString().endsWith(CLASS) && Files.isRegularFile(f)).forEach(files::add);
        }
        for (Path file : files) {
            found.putIfAbsent(file.getFileName().toString(), Files.readAllBytes(file));
        }
    }

    private static Map<String, byte[]> read(InputStream jar) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        try (JarInputStream in = new JarInputStream(jar)) {
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                if (!entry.isDirectory() && entry.getName().endsWith(CLASS)) {
                    classes.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return classes;
    }
}
