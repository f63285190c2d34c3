package dev.upgradeledger.projection.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.projection.RecordedUpgrades;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeptFoldsTest {

    private static final Instant START = Instant.parse("2026-11-21T10:40:00Z");

    @Test
    void aFoldIsTakenOutWhileUsedAndTheLeastRecentlyUsedAreGivenUpBeyondTheClustersOrNodesAllowed() {
        ClusterStateFold a = registered("a");
        ClusterStateFold b = registered("b");
        ClusterStateFold c = registered("c");
        int nodes = a.nodeCount();
        assertThat(nodes).isPositive();
        FoldSnapshotProjection.KeptFolds kept = new FoldSnapshotProjection.KeptFolds(2, 100L * nodes);

        kept.put(ClusterId.of("a"), a);
        assertThat(kept.take(ClusterId.of("a"))).isSameAs(a);
        assertThat(kept.take(ClusterId.of("a"))).as("taken out: another batch cannot use it meanwhile").isNull();

        kept.put(ClusterId.of("a"), a);
        kept.put(ClusterId.of("b"), b);
        kept.put(ClusterId.of("a"), kept.take(ClusterId.of("a")));
        kept.put(ClusterId.of("c"), c);
        assertThat(kept.size()).isEqualTo(2);
        assertThat(kept.take(ClusterId.of("b"))).as("the least recently used (a was used after it), given up").isNull();
        assertThat(kept.take(ClusterId.of("a"))).isSameAs(a);
        assertThat(kept.take(ClusterId.of("c"))).isSameAs(c);

        FoldSnapshotProjection.KeptFolds byNodes = new FoldSnapshotProjection.KeptFolds(10, 2L * nodes);
        byNodes.put(ClusterId.of("a"), a);
        byNodes.put(ClusterId.of("b"), b);
        byNodes.put(ClusterId.of("c"), c);
        assertThat(byNodes.size()).isEqualTo(2);
        assertThat(byNodes.take(ClusterId.of("a"))).isNull();
        assertThat(byNodes.take(ClusterId.of("c"))).isSameAs(c);

        FoldSnapshotProjection.KeptFolds small = new FoldSnapshotProjection.KeptFolds(10, nodes - 1L);
        small.put(ClusterId.of("a"), a);
        assertThat(small.size()).as("a cluster larger than all the nodes allowed is not kept").isZero();
    }

    private static ClusterStateFold registered(String clusterId) {
        EventEnvelope registration = RecordedUpgrades.verificationFailure(clusterId, START, true).events().get(0);
        return ClusterStateFold.initial().apply(registration);
    }
}
