package dev.upgradeledger.projection.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.projection.recovery.ReplaySource.TopicOffsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicOffsetsTest {

    private static TopicOffsets topic(Map<Integer, Long> earliest, Map<Integer, Long> end) {
        return new TopicOffsets("cluster-1", "ledger.events", earliest, end);
    }

    @Test
    void aTopicThatStillStartsAtZeroCanBeReplayedFromTheBeginning() {
        assertThat(topic(Map.of(0, 0L, 1, 0L), Map.of(0, 10L, 1, 0L)).truncated()).isEmpty();
    }

    @Test
    void aPartitionWhoseBeginningWasDeletedCannotBeReplayedFromTheBeginning() {
        assertThat(topic(Map.of(0, 0L, 1, 7L, 2, 3L), Map.of(0, 10L, 1, 7L, 2, 9L)).truncated())
                .containsExactly(1, 2);
    }

    @Test
    void resumingAfterASnapshotNeedsTheRecordRightAfterItsOffsetInEveryPartition() {
        TopicOffsets topic = topic(Map.of(0, 5L, 1, 5L, 2, 0L, 3, 1L), Map.of(0, 9L, 1, 9L, 2, 9L, 3, 9L));

        assertThat(topic.missingAfter(Map.of(0, 4L, 1, 3L, 2, 8L)))
                .as("0 resumes at 5, still there; 1 at 4, deleted; 2 fine; 3 was never read and its 0 is gone")
                .containsExactly(1, 3);
    }

    @Test
    void theLagCountsTheRecordsAfterTheLastIncludedOffset() {
        TopicOffsets topic = topic(Map.of(0, 0L, 1, 0L, 2, 0L), Map.of(0, 10L, 1, 4L, 2, 0L));

        assertThat(topic.lag(Map.of(0, 9L, 1, 1L))).containsExactlyInAnyOrderEntriesOf(Map.of(0, 0L, 1, 2L, 2, 0L));
    }
}
