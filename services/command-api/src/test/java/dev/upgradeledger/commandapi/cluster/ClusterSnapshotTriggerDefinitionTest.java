package dev.upgradeledger.commandapi.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.Version;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.Snapshotter;
import org.junit.jupiter.api.Test;

class ClusterSnapshotTriggerDefinitionTest {

    private static final ClusterId ID = ClusterId.of("big");
    private static final UpgradeId UPGRADE = UpgradeId.of("u-1");

    /** An event that does not change the cluster's weight. */
    private static final String FILLER = "filler";

    private final Snapshotter snapshotter = mock(Snapshotter.class);
    private final ClusterSnapshotTriggerDefinition definition = new ClusterSnapshotTriggerDefinition(snapshotter, 250);
    private long sequence;

    @Test
    void aSmallClusterIsSnapshottedEveryNEvents() {
        SnapshotTrigger trigger = definition.prepareTrigger(Cluster.class);
        handle(trigger, registered(3));
        handle(trigger, 248, FILLER);
        verify(snapshotter, never()).scheduleSnapshot(any(), anyString());

        handle(trigger, 1, FILLER);
        verify(snapshotter).scheduleSnapshot(Cluster.class, ID.value());
        handle(trigger, 250, FILLER);
        verify(snapshotter, times(2)).scheduleSnapshot(Cluster.class, ID.value());
    }

    @Test
    void aLargeClusterIsSnapshottedAfterAQuarterOfItsNodesAndPlannedStepsInEvents() {
        SnapshotTrigger trigger = definition.prepareTrigger(Cluster.class);
        handle(trigger, registered(10_000));
        handle(trigger, new RollbackStarted(ID, UPGRADE, "a plan of 30,000 steps", plan(30_000)));
        // (10,000 nodes + 30,000 steps) / 4 = 10,000 events, counted from the registration
        handle(trigger, 9_997, FILLER);
        verify(snapshotter, never()).scheduleSnapshot(any(), anyString());
        handle(trigger, 1, FILLER);
        verify(snapshotter, times(1)).scheduleSnapshot(Cluster.class, ID.value());

        // the upgrade ended: 10,000 nodes / 4 = 2,500 events
        handle(trigger, new UpgradeAborted(ID, UPGRADE, "aborted"));
        handle(trigger, 2_498, FILLER);
        verify(snapshotter, times(1)).scheduleSnapshot(Cluster.class, ID.value());
        handle(trigger, 1, FILLER);
        verify(snapshotter, times(2)).scheduleSnapshot(Cluster.class, ID.value());
    }

    @Test
    void aTriggerTakenBackFromTheCacheKeepsItsCountAndGetsTheSnapshotter() {
        SnapshotTrigger trigger = definition.prepareTrigger(Cluster.class);
        handle(trigger, registered(3));
        handle(trigger, 200, FILLER);
        SnapshotTrigger reconfigured = definition.reconfigure(Cluster.class, trigger);
        assertThat(reconfigured).isSameAs(trigger);
        handle(reconfigured, 49, FILLER);
        verify(snapshotter).scheduleSnapshot(Cluster.class, ID.value());
    }

    @Test
    void aLargeClusterLoadedFromItsSnapshotKeepsItsLongerInterval() {
        // a repository loads a large cluster from its snapshot: the trigger sees the aggregate, not the registration
        Cluster loaded = new Cluster();
        loaded.on(registered(10_000));
        SnapshotTrigger trigger = definition.prepareTrigger(Cluster.class);
        handle(trigger, loaded);
        handle(trigger, 2_498, FILLER);
        verify(snapshotter, never()).scheduleSnapshot(any(), anyString());
        handle(trigger, 1, FILLER);
        verify(snapshotter).scheduleSnapshot(Cluster.class, ID.value());
    }

    @Test
    void theThresholdIsAtLeastTheSetting() {
        ClusterSnapshotTriggerDefinition.Trigger trigger =
                (ClusterSnapshotTriggerDefinition.Trigger) definition.prepareTrigger(Cluster.class);
        handle(trigger, registered(999));
        assertThat(trigger.threshold()).isEqualTo(250);
        handle(trigger, registered(10_000));
        assertThat(trigger.threshold()).isEqualTo(2_500);
    }

    private void handle(SnapshotTrigger trigger, int times, Object payload) {
        for (int index = 0; index < times; index++) {
            handle(trigger, payload);
        }
    }

    private void handle(SnapshotTrigger trigger, Object payload) {
        trigger.eventHandled(new GenericDomainEventMessage<>("Cluster", ID.value(), sequence++, payload));
    }

    private static ClusterRegistered registered(int nodes) {
        return new ClusterRegistered(ID, "camunda", Version.of("7.5"), null, IntStream.range(0, nodes)
                .mapToObj(index -> new NodeSpec(NodeId.of("n-" + index), "10.0.0.1:8080", "zone-a")).toList());
    }

    private static UpgradePlan plan(int steps) {
        return new UpgradePlan(List.of(new PlannedStage(0, "all", IntStream.range(0, steps)
                .mapToObj(index -> new PlannedStep("s" + index, StepAction.VERIFY_NODE, ID, NodeId.of("n-" + index),
                        Map.of())).toList())));
    }
}
