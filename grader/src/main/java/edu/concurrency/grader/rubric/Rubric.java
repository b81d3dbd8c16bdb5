package edu.concurrency.grader.rubric;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All exercises and their criteria, as read from rubric YAML files (one per exercise when bundled).
 *
 * @param exercises the exercises, in grading order
 */
public record Rubric(List<Exercise> exercises) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Rubric {
        exercises = exercises == null ? List.of() : List.copyOf(exercises);
        validate(exercises);
    }

    /**
     * Reads the rubric bundled with the grader: every file of its folder {@value RubricFiles#FOLDER}
     * (one per exercise), put in order by their {@code order} fields.
     *
     * @throws RubricException when the files cannot be found, read or parsed, or are inconsistent
     */
    public static Rubric loadDefault() {
        return fromFiles(RubricFiles.bundled());
    }

    /**
     * Reads a rubric file, or every rubric file ({@code *.yaml}) of a folder, put in order by their
     * {@code order} fields.
     *
     * @throws RubricException when it cannot be read, does not parse, or is inconsistent
     */
    public static Rubric load(Path fileOrFolder) {
        return fromFiles(RubricFiles.of(fileOrFolder));
    }

    /**
     * The rubric of several files: their exercises by ascending {@code order} (files without one
     * last), ties by the order of {@code files}, each file's exercises in the file's order.
     *
     * @throws RubricException when a file does not parse, an exercise appears twice, or the whole is
     *                         inconsistent
     */
    static Rubric fromFiles(List<RubricFiles.Source> files) {
        record Parsed(RubricFile file, int index) {
        }
        List<Parsed> parsed = new ArrayList<>();
        for (RubricFiles.Source source : files) {
            try {
                parsed.add(new Parsed(YAML.readValue(source.content(), RubricFile.class), parsed.size()));
            } catch (IOException e) {
                throw new RubricException("cannot read rubric " + source.name() + ": " + e.getMessage(), e);
            }
        }
        parsed.sort(Comparator.comparing((Parsed p) -> p.file().order(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingInt(Parsed::index));
        List<Exercise> exercises = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Parsed p : parsed) {
            for (Exercise e : p.file().exercises()) {
                if (!ids.add(e.id())) {
                    throw new RubricException("exercise '" + e.id() + "' appears twice in the rubric");
                }
                exercises.add(e);
            }
        }
        return new Rubric(exercises);
    }

    /** The exercise with this id. */
    public Optional<Exercise> exercise(String id) {
        return exercises.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Only the exercises whose ids are given; all of them for an empty selection. */
    public Rubric only(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return this;
        }
        for (String id : ids) {
            if (exercise(id).isEmpty()) {
                throw new RubricException("no exercise '" + id + "' in the rubric; known: "
                        + exercises.stream().map(Exercise::id).toList());
            }
        }
        return new Rubric(exercises.stream().filter(e -> ids.contains(e.id())).toList());
    }

    /**
     * Only the criteria whose ids are given, and those they require (transitively), in rubric
     * order; exercises left without criteria are dropped. All of them for an empty selection.
     *
     * @throws RubricException naming an id that is no criterion of the rubric
     */
    public Rubric onlyCriteria(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return this;
        }
        Map<String, Criterion> byId = new HashMap<>();
        exercises.forEach(e -> e.criteria().forEach(c -> byId.put(c.id(), c)));
        Set<String> wanted = new HashSet<>();
        Deque<String> open = new ArrayDeque<>(ids);
        while (!open.isEmpty()) {
            String id = open.pop();
            Criterion c = byId.get(id);
            if (c == null) {
                throw new RubricException("no criterion '" + id + "' in the rubric; known: "
                        + byId.keySet().stream().sorted().toList());
            }
            if (wanted.add(id)) {
                open.addAll(c.requires());
            }
        }
        List<Exercise> kept = new ArrayList<>();
        for (Exercise e : exercises) {
            List<Criterion> criteria = e.criteria().stream().filter(c -> wanted.contains(c.id())).toList();
            if (!criteria.isEmpty()) {
                kept.add(e.withCriteria(criteria));
            }
        }
        return new Rubric(kept);
    }

    /** The number of criteria of all exercises. */
    public int criteriaCount() {
        return exercises.stream().mapToInt(e -> e.criteria().size()).sum();
    }

    private static void validate(List<Exercise> exercises) {
        Set<String> ids = new HashSet<>();
        for (Exercise exercise : exercises) {
            Set<String> earlier = new HashSet<>();
            for (Criterion c : exercise.criteria()) {
                if (!ids.add(c.id())) {
                    throw new RubricException("criterion id '" + c.id() + "' appears twice");
                }
                if (c.points() < 0) {
                    throw new RubricException(c.id() + ": points must not be negative");
                }
                if (c.attempts() < 1 || c.timeoutSeconds() < 1) {
                    throw new RubricException(c.id() + ": attempts and timeoutSeconds must be at least 1");
                }
                boolean race = c.kind() == Kind.RACE;
                // a race criterion's tests, if any, are its model checks (suites.support.modelcheck)
                if (race ? c.probes().isEmpty() : c.tests().isEmpty() || !c.probes().isEmpty()) {
                    throw new RubricException(c.id() + ": a " + c.kind().label() + " criterion needs "
                            + (race ? "probes" : "tests and no probes"));
                }
                if (!c.modelCheck().isEmpty() && c.kind() != Kind.CORRECTNESS) {
                    throw new RubricException(c.id() + ": only a correctness criterion has a modelCheck"
                            + (race ? " (a race criterion's model check is its tests)" : ""));
                }
                for (String required : c.requires()) {
                    if (!earlier.contains(required)) {
                        throw new RubricException(c.id() + " requires '" + required
                                + "', which must be an earlier criterion of the same exercise");
                    }
                }
                earlier.add(c.id());
            }
        }
    }
}
