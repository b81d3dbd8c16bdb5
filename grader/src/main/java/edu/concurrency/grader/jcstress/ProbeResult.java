package edu.concurrency.grader.jcstress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * jcstress's result for one probe, merged over all its forks and JVM configurations, as read by
 * {@link IsolatedResultReader} (and converted from its JDK-only maps).
 *
 * @param name        the probe class
 * @param status      jcstress's {@code Status} name: NORMAL, API_MISMATCH, CHECK_TEST_ERROR,
 *                    TEST_ERROR, TIMEOUT_ERROR, VM_ERROR
 * @param description the probe's {@code @Description}
 * @param total       samples collected
 * @param passed      jcstress's grading: no forbidden outcome (meaningful only for NORMAL)
 * @param messages    jcstress's messages (for errors: a label line and the exception's trace)
 * @param vmOut       what the probe's JVMs printed on stdout
 * @param vmErr       what the probe's JVMs printed on stderr
 * @param outcomes    every outcome jcstress graded: observed ones and declared ones
 */
record ProbeResult(String name, String status, String description, long total, boolean passed,
                   List<String> messages, List<String> vmOut, List<String> vmErr,
                   List<Observed> outcomes) {

    /**
     * One graded outcome.
     *
     * @param id          the observed result tuple ("true, true, 1"), or the declared pattern when
     *                    not observed
     * @param expect      jcstress's {@code Expect} name: ACCEPTABLE, ACCEPTABLE_INTERESTING,
     *                    FORBIDDEN, UNKNOWN...
     * @param count       how often it was observed
     * @param description the matching {@code @Outcome}'s description
     */
    record Observed(String id, String expect, long count, String description) {

        /** Whether observing this outcome fails the probe. */
        boolean forbidden() {
            return expect.equals("FORBIDDEN") || expect.equals("UNKNOWN");
        }
    }

    @SuppressWarnings("unchecked")
    static ProbeResult fromMap(Map<String, Object> m) {
        List<Observed> outcomes = new ArrayList<>();
        for (Map<String, Object> o : (List<Map<String, Object>>) m.get("outcomes")) {
            outcomes.add(new Observed((String) o.get("id"), (String) o.get("expect"),
                    ((Number) o.get("count")).longValue(), (String) o.get("description")));
        }
        return new ProbeResult((String) m.get("name"), (String) m.get("status"), (String) m.get("description"),
                ((Number) m.get("total")).longValue(), (Boolean) m.get("passed"),
                List.copyOf((List<String>) m.get("messages")), List.copyOf((List<String>) m.get("vmOut")),
                List.copyOf((List<String>) m.get("vmErr")), List.copyOf(outcomes));
    }
}
