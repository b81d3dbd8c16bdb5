package edu.concurrency.grader.classroom;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import edu.concurrency.grader.rubric.Criterion;
import edu.concurrency.grader.rubric.Exercise;
import edu.concurrency.grader.rubric.Rubric;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rubric of a student template: the instructor's rubric without its hidden criteria (their
 * suites and probes do not ship either, so that nothing in the template reveals them), and which
 * source files that leaves out.
 *
 * @param full           the instructor's rubric (after {@code --only})
 * @param exported       what the template grades: every criterion that is not hidden
 * @param hiddenOnly     classes (fully qualified) that only hidden criteria use: left out of the template
 * @param suitePackages  packages (with '/') of the suites and probes the exported criteria use
 * @param warnings       what the instructor should know: hidden criteria that share a class with
 *                       visible ones, dropped {@code requires}
 */
record TemplateRubric(Rubric full, Rubric exported, Set<String> hiddenOnly, Set<String> suitePackages,
                      List<String> warnings) {

    /** Default watchdog and attempts: not written when a criterion has them. */
    private static final int DEFAULT_ATTEMPTS = 1;

    /** Plans the template's rubric. */
    static TemplateRubric of(Rubric full) {
        List<String> warnings = new ArrayList<>();
        Set<String> hiddenIds = new LinkedHashSet<>();
        full.exercises().forEach(e -> e.criteria().stream().filter(Criterion::hidden).forEach(c -> hiddenIds.add(c.id())));
        List<Exercise> exercises = new ArrayList<>();
        for (Exercise e : full.exercises()) {
            List<Criterion> visible = new ArrayList<>();
            for (Criterion c : e.criteria()) {
                if (c.hidden()) {
                    continue;
                }
                List<String> requires = c.requires().stream().filter(r -> !hiddenIds.contains(r)).toList();
                if (requires.size() != c.requires().size()) {
                    warnings.add(c.id() + " requires a hidden criterion; in the template it counts without it");
                }
                visible.add(new Criterion(c.id(), c.title(), c.kind(), c.points(), c.tests(), c.probes(), requires,
                        c.timeoutSeconds(), c.attempts(), false, c.modelCheck()));
            }
            exercises.add(e.withCriteria(visible));
        }
        Rubric exported = new Rubric(exercises);
        Set<String> visibleClasses = classes(exported.exercises().stream().flatMap(e -> e.criteria().stream()));
        Set<String> hiddenOnly = new LinkedHashSet<>();
        for (Exercise e : full.exercises()) {
            for (Criterion c : e.criteria()) {
                if (!c.hidden()) {
                    continue;
                }
                for (String cls : classes(Stream.of(c))) {
                    if (visibleClasses.contains(cls)) {
                        warnings.add("hidden criterion " + c.id() + " uses " + cls
                                + ", which visible criteria use too: its checks are readable in the template");
                    } else {
                        hiddenOnly.add(cls);
                    }
                }
            }
        }
        Set<String> packages = new LinkedHashSet<>();
        visibleClasses.forEach(cls -> packages.add(cls.substring(0, Math.max(0, cls.lastIndexOf('.'))).replace('.', '/')));
        return new TemplateRubric(full, exported, hiddenOnly, packages, warnings);
    }

    /** The classes of the selectors ({@code Class} or {@code Class#method}) and probes of {@code criteria}. */
    static Set<String> classes(Stream<Criterion> criteria) {
        Set<String> classes = new LinkedHashSet<>();
        criteria.forEach(c -> {
            Stream.concat(c.tests().stream(), c.modelCheck().stream())
                    .forEach(t -> classes.add(t.contains("#") ? t.substring(0, t.indexOf('#')) : t));
            classes.addAll(c.probes());
        });
        return classes;
    }

    /**
     * {@code rubric} as YAML that {@link Rubric#load} reads back, after a comment header; fields at
     * their defaults (empty lists, {@code hidden: false}, one attempt, the default watchdog) are left out.
     */
    static String yaml(Rubric rubric, String header) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR))
                .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY,
                        JsonInclude.Include.NON_EMPTY));
        JsonNode tree = yaml.valueToTree(rubric);
        for (JsonNode exercise : tree.path("exercises")) {
            for (JsonNode criterion : exercise.path("criteria")) {
                ObjectNode c = (ObjectNode) criterion;
                if (!c.path("hidden").asBoolean(false)) {
                    c.remove("hidden");
                }
                if (c.path("attempts").asInt(DEFAULT_ATTEMPTS) == DEFAULT_ATTEMPTS) {
                    c.remove("attempts");
                }
                if (c.path("timeoutSeconds").asInt(Criterion.DEFAULT_TIMEOUT_SECONDS) == Criterion.DEFAULT_TIMEOUT_SECONDS) {
                    c.remove("timeoutSeconds");
                }
            }
        }
        return header + yaml.writeValueAsString(tree);
    }
}
