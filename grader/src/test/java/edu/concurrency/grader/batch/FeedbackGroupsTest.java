package edu.concurrency.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;

import edu.concurrency.grader.gradebook.FeedbackGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackGroupsTest {

    @Test
    void firstLinesThatDifferOnlyInNumbersAreOneGroup() {
        Map<String, String> lost = new LinkedHashMap<>();
        lost.put("dave", "Lost wakeup: 2 of 4 takers still blocked after 1,000 puts (at BoundedBuffer.java:41)\nthread dump ...");
        lost.put("alice", "Lost wakeup: 3 of 4 takers still blocked after 1,000 puts (at BoundedBuffer.java:47)");
        lost.put("bob", "Hang: the check did not finish within 60 s");
        lost.put("carol", "Lost wakeup: 1 of 4 takers still blocked after 2.5 s (at BoundedBuffer.java:41)");

        List<FeedbackGroup> groups = FeedbackGroups.group(lost);

        assertThat(groups).containsExactly(
                new FeedbackGroup("Lost wakeup: # of # takers still blocked after # puts (at BoundedBuffer.java:#)",
                        "Lost wakeup", 2, List.of("alice", "dave")),
                new FeedbackGroup("Hang: the check did not finish within # s", "Hang", 1, List.of("bob")),
                new FeedbackGroup("Lost wakeup: # of # takers still blocked after # s (at BoundedBuffer.java:#)",
                        "Lost wakeup", 1, List.of("carol")));
    }

    @Test
    void notJudgedIsNoHazardAndFeedbackWithoutAHazardHasNone() {
        assertThat(FeedbackGroups.hazard("Not judged: this criterion needs queue.basic to pass first")).isNull();
        assertThat(FeedbackGroups.hazard("the buffer returned 3 instead of 4")).isNull();
        assertThat(FeedbackGroups.hazard("Busy waiting: 180% CPU while blocked")).isEqualTo("Busy waiting");
        assertThat(FeedbackGroups.hazard("timed poll waits at most its timeout in total: Timeout exceeded: poll(50, MILLISECONDS)"
                + " returned null only after 0.2 s")).isEqualTo("Timeout exceeded");
        assertThat(FeedbackGroups.hazard("ProducerConsumer creates a BoundedBuffer: Not using BoundedBuffer: it uses a JDK queue"))
                .isEqualTo("Not using BoundedBuffer");
        assertThat(FeedbackGroups.hazard("elements come out in order: Not implemented yet: the method still throws"
                + " UnsupportedOperationException: TODO (at BoundedBuffer.java:12)")).isNull();
    }

    @Test
    void onlyTheLargestGroupsAreKept() {
        Map<String, String> lost = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            lost.put("s" + i, "Failure " + (char) ('A' + i % 26) + (i < 26 ? "" : "x"));
        }
        assertThat(FeedbackGroups.group(lost)).hasSize(FeedbackGroups.MAX_GROUPS);
    }
}
