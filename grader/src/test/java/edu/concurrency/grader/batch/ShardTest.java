package edu.concurrency.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {
    private static final List<String> STUDENTS = IntStream.range(0, 11).mapToObj(i -> String.format("s%02d", i)).toList();

    @Test
    void theShardsSplitTheClassIntoDisjointBalancedParts() {
        List<String> all = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            List<String> mine = Shard.parse(k + "/3").select(STUDENTS);
            assertThat(mine.size()).isBetween(3, 4);
            assertThat(all).doesNotContainAnyElementsOf(mine);
            all.addAll(mine);
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(STUDENTS);
        assertThat(Shard.parse("2/3").select(STUDENTS)).containsExactly("s01", "s04", "s07", "s10");
        assertThat(Shard.ALL.select(STUDENTS)).isEqualTo(STUDENTS);
    }

    @Test
    void badShardsAreRefused() {
        assertThatThrownBy(() -> Shard.parse("0/3")).hasMessageContaining("1 <= K <= N <= 256");
        assertThatThrownBy(() -> Shard.parse("4/3")).hasMessageContaining("1 <= K <= N <= 256");
        assertThatThrownBy(() -> Shard.parse("1/257")).hasMessageContaining("1 <= K <= N <= 256");
        assertThatThrownBy(() -> Shard.parse("half")).hasMessageContaining("K/N");
    }
}
