package edu.concurrency.grader.batch;

import edu.concurrency.grader.gradebook.FeedbackGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups the failure feedback of one criterion over a class the way Artemis groups similar
 * feedback: by the first line, once every number in it is replaced by {@code #} (so
 * "lost 3 of 1000 elements (at BoundedBuffer.java:41)" and "lost 7 of 1000 elements (at
 * BoundedBuffer.java:41)" are one group).
 */
public final class FeedbackGroups {
    /** How many groups a criterion keeps, most frequent first. */
    public static final int MAX_GROUPS = 10;
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    /**
     * A hazard named before a colon, at the start ("Lost wakeup: ...") or after the check's
     * description ("timed poll waits at most its timeout: Timeout exceeded: ...").
     */
    private static final Pattern HAZARD = Pattern.compile("(?:^|(?<=:\\s))([A-Z][^:#]{2,70}?):\\s");
    /** Words that say why a criterion was not judged, not which hazard was seen. */
    private static final Set<String> NOT_HAZARDS = Set.of("Not judged", "Not graded", "Not run", "Not finished",
            "Not implemented yet");

    private FeedbackGroups() {
    }

    /** The group key of one feedback text: its first line, trimmed, numbers replaced by {@code #}. */
    public static String key(String feedback) {
        String first = feedback == null ? "" : feedback.strip().lines().findFirst().orElse("");
        return NUMBER.matcher(first).replaceAll("#");
    }

    /**
     * The hazard a feedback names: "Lost wakeup" of "Lost wakeup: ...", "Timeout exceeded" of
     * "timed poll waits at most its timeout: Timeout exceeded: ..." (a hazard after the description
     * wins over a capitalised description), or null.
     */
    public static String hazard(String feedback) {
        Matcher m = HAZARD.matcher(key(feedback));
        String atStart = null;
        while (m.find()) {
            String candidate = m.group(1).strip();
            if (NOT_HAZARDS.contains(candidate)) {
                continue;
            }
            if (m.start() > 0) {
                return candidate;
            }
            atStart = candidate;
        }
        return atStart;
    }

    /**
     * Groups feedback.
     *
     * @param feedbackByStudent each student who lost the criterion, with the feedback they got
     * @return the {@value #MAX_GROUPS} largest groups, largest first (ties by feedback text)
     */
    public static List<FeedbackGroup> group(Map<String, String> feedbackByStudent) {
        Map<String, TreeSet<String>> students = new TreeMap<>();
        feedbackByStudent.forEach((student, feedback) ->
                students.computeIfAbsent(key(feedback), k -> new TreeSet<>()).add(student));
        List<FeedbackGroup> groups = new ArrayList<>();
        students.forEach((key, who) -> groups.add(new FeedbackGroup(key, hazard(key), who.size(), List.copyOf(who))));
        groups.sort(Comparator.comparingInt(FeedbackGroup::count).reversed().thenComparing(FeedbackGroup::feedback));
        return List.copyOf(groups.subList(0, Math.min(MAX_GROUPS, groups.size())));
    }
}
