package edu.concurrency.grader.classroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Classroom 50 autograder bundle of an assignment: the content of
 * {@code CLASSROOM/autograders/ASSIGNMENT/} in the teacher's {@code classroom50} repository, which
 * Classroom 50 publishes on a public web site as one {@code .tar.gz}, fetches (at most 10 MiB) and
 * unpacks on every submission, and whose {@code autograder.py} its runner starts in the student's
 * checkout (per its Advanced Autograding documentation and its {@code runner.py}).
 *
 * <p>Beside the grader's sources (written by {@link TemplateExporter}, with the full rubric) the
 * bundle holds:
 * <ul>
 *   <li>{@value #AUTOGRADER}: builds the grader from those sources with Maven, grades the checkout
 *       with {@code grade --format classroom50} and the bundle's own copy of the tamper manifest,
 *       within the runner's 15 minutes, and always leaves a result (Python 3 standard library only);</li>
 *   <li>{@value #MANIFEST}: the template's tamper manifest, which the student cannot edit here;</li>
 *   <li>{@value #CRITERIA}: the criteria (id, title, kind, points), from which {@value #AUTOGRADER}
 *       writes a result with every test failed when the grader cannot run;</li>
 *   <li>{@value #RUNTIME}: the assignment's {@code runtime} block for {@code gh teacher assignment add
 *       --runtime} ({@code {"java": "17"}});</li>
 *   <li>{@code README.md}: for the teacher.</li>
 * </ul>
 *
 * <p>Why sources rather than the prebuilt grader: the packaged grader is a 29 MB jar (27 MB
 * compressed), beyond the 10 MiB Classroom 50's runner fetches; its sources compress to about
 * 0.3 MB and build in 45 s with nothing cached (21 s with Maven's local repository warm).
 */
final class Classroom50Bundle {
    static final String AUTOGRADER = "autograder.py";
    static final String MANIFEST = "manifest.json";
    static final String CRITERIA = "criteria.json";
    static final String RUNTIME = "runtime.json";
    /** The largest bundle Classroom 50's runner fetches, in bytes (compressed). */
    static final long MAX_BUNDLE_BYTES = 10L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Classroom50Bundle() {
    }

    /**
     * Writes the bundle's own files into {@code dir}, which already holds the grader's sources.
     *
     * @param rubric   the full rubric (hidden criteria included)
     * @param manifest the template's tamper manifest file
     * @param settings the Java version and timeout factor
     * @return warnings for the instructor
     * @throws IOException when a file cannot be written
     */
    static List<String> write(Path dir, Rubric rubric, Path manifest, TemplateSettings settings) throws IOException {
        Files.copy(manifest, dir.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING);
        JSON.writeValue(dir.resolve(RUNTIME).toFile(), Map.of("java", String.valueOf(settings.javaVersion())));
        List<Map<String, Object>> criteria = new ArrayList<>();
        for (Exercise e : rubric.exercises()) {
            for (Criterion c : e.criteria()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", c.id());
                entry.put("title", c.title());
                entry.put("kind", c.kind().label());
                entry.put("points", c.points());
                criteria.add(entry);
            }
        }
        JSON.writeValue(dir.resolve(CRITERIA).toFile(), Map.of("criteria", criteria));

        Map<String, Object> model = new LinkedHashMap<>(settings.model());
        model.put("title", rubric.exercises().size() == 1 ? rubric.exercises().get(0).title() : "Java concurrency exercises");
        model.put("exercises", rubric.exercises().stream().map(e -> Map.of("id", e.id(), "maxPoints", e.maxPoints())).toList());
        model.put("maxScore", rubric.exercises().stream().mapToInt(Exercise::maxPoints).sum());
        model.put("dirName", dir.getFileName().toString());
        model.put("shim", TamperManifest.CLASSROOM50_SHIM);
        TemplateExporter.write(dir.resolve(AUTOGRADER), Templates.render("autograder.py", model));
        TemplateExporter.makeExecutable(dir.resolve(AUTOGRADER));
        TemplateExporter.write(dir.resolve("README.md"), Templates.render("classroom50-README.md", model));

        List<String> warnings = new ArrayList<>();
        long bytes = size(dir);
        if (bytes > MAX_BUNDLE_BYTES) {
            warnings.add("the Classroom 50 bundle holds " + bytes + " bytes; compressed, it must stay below "
                    + MAX_BUNDLE_BYTES + " bytes, the most Classroom 50's runner fetches");
        }
        return warnings;
    }

    /** The bytes of every file under {@code dir}. */
    static long size(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                total += Files.size(p);
            }
            return total;
        }
    }
}
