package edu.concurrency.grader.classroom;

import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The student's README, the assignment handout: for each exercise of the template's rubric, the
 * package's Javadoc, the declarations and Javadoc of the classes to write and of the provided
 * ones (read from the stubs with {@link StubDocs}), and the criteria with their points; then how
 * grading works, what a push does, and the protected files. Rendered from
 * {@code /classroom/README.md.mustache}.
 */
final class StudentReadme {
    private StudentReadme() {
    }

    /**
     * Renders the README.
     *
     * @param rubric         the template's rubric (no hidden criteria)
     * @param sourceRoot     the stubs' source root ({@code exercises/src/main/java} of the template)
     * @param sourceDir      that root as shown to students, relative to the template, with '/'
     * @param protectedPaths the protected files and directories, as listed to students
     * @param settings       the workflow's settings (workflow name, Java version)
     * @param classroom50    whether the template is also graded by a Classroom 50 autograder bundle
     */
    static String render(Rubric rubric, Path sourceRoot, String sourceDir, List<String> protectedPaths,
                         TemplateSettings settings, boolean classroom50) {
        List<Map<String, Object>> exercises = new ArrayList<>();
        int number = 0;
        boolean single = rubric.exercises().size() == 1;
        for (Exercise e : rubric.exercises()) {
            number++;
            StubDocs docs = StubDocs.read(sourceRoot.resolve(e.packagePath()));
            Map<String, Object> m = new LinkedHashMap<>();
            String heading = (single ? "" : number + ". ") + e.title();
            m.put("number", number);
            m.put("id", e.id());
            m.put("heading", heading);
            m.put("anchor", anchor(heading));
            m.put("titleCell", cell(e.title()));
            m.put("package", e.packageName());
            String dir = sourceDir + "/" + e.packagePath();
            m.put("dir", dir);
            m.put("maxPoints", e.maxPoints());
            m.put("packageDoc", docs.packageDoc());
            List<Map<String, Object>> student = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String name : e.studentClasses()) {
                docs.types().stream().filter(t -> t.name().equals(name)).findFirst()
                        .ifPresentOrElse(t -> student.add(type(t, dir + "/" + name + ".java")), () -> missing.add(name));
            }
            List<Map<String, Object>> provided = new ArrayList<>();
            for (StubDocs.TypeDoc t : docs.types()) {
                if (!e.studentClasses().contains(t.name())) {
                    provided.add(type(t, dir + "/" + t.name() + ".java"));
                }
            }
            m.put("studentTypes", student);
            m.put("missingTypes", missing);
            m.put("providedTypes", provided);
            m.put("hasProvided", !provided.isEmpty());
            List<Map<String, Object>> criteria = new ArrayList<>();
            for (Criterion c : e.criteria()) {
                criteria.add(Map.of("id", c.id(), "titleCell", cell(c.title()), "kind", c.kind().label(), "points", c.points()));
            }
            m.put("criteria", criteria);
            exercises.add(m);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", single ? rubric.exercises().get(0).title() : "Java concurrency exercises");
        model.put("single", single);
        model.put("exerciseCount", rubric.exercises().size());
        model.put("firstExercise", rubric.exercises().isEmpty() ? "" : rubric.exercises().get(0).id());
        model.put("maxScore", rubric.exercises().stream().mapToInt(Exercise::maxPoints).sum());
        model.put("exercises", exercises);
        model.put("javaVersion", settings.javaVersion());
        model.put("workflowName", TemplateSettings.WORKFLOW_NAME);
        model.put("protectedPaths", protectedPaths);
        model.put("manifestPath", TamperManifest.LOCATION);
        model.put("classroom50", classroom50);
        model.put("classroom50Shim", TamperManifest.CLASSROOM50_SHIM);
        return Templates.render("README.md", model);
    }

    private static Map<String, Object> type(StubDocs.TypeDoc t, String file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("file", file);
        m.put("signature", t.signature());
        m.put("doc", t.doc());
        m.put("members", t.members().stream().map(x -> Map.of("signature", x.signature().replace("`", "'"), "doc", x.doc())).toList());
        return m;
    }

    /** A Markdown table cell: one line, pipes escaped. */
    static String cell(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").replace("|", "\\|").strip();
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
