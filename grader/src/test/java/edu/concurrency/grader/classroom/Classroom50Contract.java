package edu.concurrency.grader.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classroom 50's {@code result.json} contract, as the tests check it: the JSON Schema
 * {@code /classroom50/result-v1.schema.json} (a test resource written from Classroom 50's
 * documentation and published schema), validated with networknt's json-schema-validator, and the
 * rules a schema cannot state, which Classroom 50's runner and score collector check in code:
 * {@code score <= max-score} at the top and in each test, the totals are the tests' sums, and the
 * identity matches the repository's name {@code <classroom>-<assignment>-<owner>}.
 */
public final class Classroom50Contract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = load();

    private Classroom50Contract() {
    }

    private static Schema load() {
        try (InputStream in = Classroom50Contract.class.getResourceAsStream("/classroom50/result-v1.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("the test resource /classroom50/result-v1.schema.json is missing");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The environment Classroom 50's runner gives an autograder for the submission
     * {@code submit/2026-12-05T17-04-30Z-0a1b2c3} of the repository
     * {@code ORGANISATION/CLASSROOM-ASSIGNMENT-USERNAME}, pushed by that user (GitHub id 4242).
     */
    public static Map<String, String> runnerEnvironment(String organisation, String classroom, String assignment,
                                                        String username) {
        String repository = classroom + "-" + assignment + "-" + username;
        String base = "https://github.com/" + organisation + "/" + repository;
        String tag = "submit/2026-12-05T17-04-30Z-0a1b2c3";
        Map<String, String> env = new HashMap<>();
        env.put("PAGES_BASE_URL", "https://" + organisation + ".github.io/classroom50");
        env.put("CLASSROOM", classroom);
        env.put("ASSIGNMENT", assignment);
        env.put("USERNAME", username);
        env.put("OWNER", username);
        env.put("ASSIGNMENT_TYPE", "individual");
        env.put("SUBMISSION_TAG", tag);
        env.put("COMMIT_URL", base + "/commit/0a1b2c3");
        env.put("RELEASE_URL", base + "/releases/tag/" + tag.replace("/", "%2F"));
        env.put("REVIEW_URL", base + "/compare/f00d...0a1b2c3");
        env.put("GITHUB_REPOSITORY", organisation + "/" + repository);
        env.put("GITHUB_ACTOR", username);
        env.put("GITHUB_ACTOR_ID", "4242");
        return env;
    }

    /**
     * What is wrong with {@code json} as a Classroom 50 result: schema errors, then broken
     * cross-field rules; empty when it is valid.
     *
     * @param repository the student repository's name, or null to skip the identity check
     */
    public static List<String> violations(String json, String repository) {
        JsonNode result;
        try {
            result = JSON.readTree(json);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        List<String> violations = new ArrayList<>();
        for (Error error : SCHEMA.validate(result)) {
            violations.add("schema: " + error);
        }
        if (!violations.isEmpty()) {
            return violations;
        }
        int score = result.get("score").asInt();
        int max = result.get("max-score").asInt();
        if (score > max) {
            violations.add("score " + score + " > max-score " + max);
        }
        int scores = 0;
        int maxima = 0;
        for (JsonNode test : result.get("tests")) {
            int s = test.get("score").asInt();
            int m = test.get("max-score").asInt();
            if (s > m) {
                violations.add(test.get("test-name").asText() + ": score " + s + " > max-score " + m);
            }
            scores += s;
            maxima += m;
        }
        if (scores != score || maxima != max) {
            violations.add("the tests add up to " + scores + "/" + maxima + ", the result says " + score + "/" + max);
        }
        if (repository != null) {
            String expected = (result.get("classroom").asText() + "-" + result.get("assignment").asText() + "-"
                    + result.get("owner").asText()).toLowerCase(Locale.ROOT);
            if (!expected.equals(repository.toLowerCase(Locale.ROOT))) {
                violations.add("classroom-assignment-owner is " + expected + ", the repository " + repository);
            }
        }
        return violations;
    }
}
