package dev.upgradeledger.commandapi.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.axonframework.eventhandling.Segment;
import org.junit.jupiter.api.Test;

class PublisherSegmentSplitterTest {

    @Test
    void theTargetIsThePowerOfTwoAtOrBelowTheSetting() {
        assertThat(PublisherSegmentSplitter.targetParts(1)).isEqualTo(1);
        assertThat(PublisherSegmentSplitter.targetParts(4)).isEqualTo(4);
        assertThat(PublisherSegmentSplitter.targetParts(6)).isEqualTo(4);
        assertThat(PublisherSegmentSplitter.targetParts(8)).isEqualTo(8);
    }

    @Test
    void oneSegmentIsSplitThenBothHalvesThenNothing() {
        assertThat(PublisherSegmentSplitter.toSplit(List.of(Segment.ROOT_SEGMENT), 4)).containsExactly(0);
        assertThat(PublisherSegmentSplitter.toSplit(List.of(Segment.computeSegments(0, 1)), 4)).containsExactly(0, 1);
        assertThat(PublisherSegmentSplitter.toSplit(List.of(Segment.computeSegments(0, 1, 2, 3)), 4)).isEmpty();
    }

    @Test
    void onlyTheLargerSegmentsOfAnUnevenStoreAreSplit() {
        // three segments: 0 and 2 hold a quarter each, 1 holds half
        assertThat(PublisherSegmentSplitter.toSplit(List.of(Segment.computeSegments(0, 1, 2)), 4)).containsExactly(1);
        // a store made with six segments (Axon's shares of 1/8 and 1/4) is never split towards four
        assertThat(PublisherSegmentSplitter.toSplit(List.of(Segment.computeSegments(0, 1, 2, 3, 4, 5)), 4)).isEmpty();
    }

    @Test
    void noSegmentIsSplitWhenOneIsTheTarget() {
        assertThat(PublisherSegmentSplitter.toSplit(List.of(Segment.ROOT_SEGMENT), 1)).isEmpty();
    }
}
