package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.NodeRemoved;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradePlanned;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

/**
 * When a {@link Cluster} is snapshotted: after {@code every} events, or, for a cluster that weighs more (its nodes plus
 * its current plan's steps, as in {@link BoundedClusterCache}), after a quarter of its weight in events.
 *
 * <p>Why it grows with the cluster: a snapshot is taken in the command's unit of work by reading the previous snapshot
 * and the events since, and writing the whole state again; its cost grows with the nodes and the plan, while what it
 * saves (events to replay on a cold load; loads between commands come from the cluster cache) does not. Axon's
 * {@link org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition} snapshotted a 10,000-node cluster in
 * a rolling upgrade every 250 events, some 320 times for one upgrade, each a read and a write of megabytes. With a
 * quarter of the weight, such a cluster (weight about 50,000) is snapshotted every 12,500 events, and a cold load
 * replays at most that many small events after reading the snapshot; a small cluster keeps the count ({@code every}).
 *
 * <p>The trigger sees every event applied to the cluster, those replayed when it is loaded (the snapshot first, whose
 * payload is the cluster itself) and the new ones, and keeps the weight from them: registration and nodes added or
 * removed, plans made and replaced, upgrades ended.
 */
final class ClusterSnapshotTriggerDefinition implements SnapshotTriggerDefinition {

    /** Events per unit of weight between two snapshots of a large cluster: a quarter. */
    static final int WEIGHT_PER_EVENT = 4;

    private final Snapshotter snapshotter;
    private final int every;

    ClusterSnapshotTriggerDefinition(Snapshotter snapshotter, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("ledger.cluster.snapshot-every must be 1 or more, was " + every);
        }
        this.snapshotter = snapshotter;
        this.every = every;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new Trigger(snapshotter, aggregateType, every);
    }

    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof Trigger kept) {
            kept.setSnapshotter(snapshotter);
            return kept;
        }
        return prepareTrigger(aggregateType);
    }

    /** Counts events since the last snapshot and weighs the cluster from them. */
    static final class Trigger extends AbstractSnapshotTrigger {

        private static final long serialVersionUID = 1L;

        private final int every;
        private int counter;
        private int nodes;
        private int steps;

        Trigger(Snapshotter snapshotter, Class<?> aggregateType, int every) {
            super(snapshotter, aggregateType);
            this.every = every;
        }

        @Override
        public void eventHandled(EventMessage<?> message) {
            weigh(message.getPayload());
            super.eventHandled(message);
        }

        private void weigh(Object payload) {
            if (payload instanceof Cluster cluster) {
                nodes = cluster.nodeCount();
                steps = cluster.plannedSteps();
            } else if (payload instanceof ClusterRegistered registered) {
                nodes = registered.nodes().size();
            } else if (payload instanceof NodeAdded) {
                nodes++;
            } else if (payload instanceof NodeRemoved) {
                nodes--;
            } else if (payload instanceof UpgradePlanned planned) {
                steps = Cluster.stepCount(planned.plan());
            } else if (payload instanceof RollbackStarted rollback) {
                steps = Cluster.stepCount(rollback.plan());
            } else if (payload instanceof UpgradeCompleted || payload instanceof UpgradeAborted
                    || payload instanceof UpgradeFailed) {
                steps = 0;
            }
        }

        /** How many events between two snapshots of the cluster as it weighs now. */
        int threshold() {
            return Math.max(every, (nodes + steps) / WEIGHT_PER_EVENT);
        }

        @Override
        protected boolean exceedsThreshold() {
            return ++counter >= threshold();
        }

        @Override
        protected void reset() {
            counter = 0;
        }
    }
}
