package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.projection.model.ClusterRow;
import dev.upgradeledger.projection.model.ClusterScope;
import dev.upgradeledger.projection.model.ClusterTransition;
import dev.upgradeledger.projection.model.NodeRow;
import dev.upgradeledger.projection.model.Transition;
import dev.upgradeledger.projection.model.UpgradeLifecycle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds a cluster's events, in sequence order, into its {@link ClusterState}: pure, no I/O, no clock. Each event moves
 * the state through {@link ClusterTransition}, the same transition the live cluster-status read model applies, so the
 * state after sequence N is what the live model showed once it had applied N; the fold also keeps the steps running
 * (from the steps each transition started and ended). Mutable inside, so that a fold over a long history of a large
 * cluster costs one map update per event; {@link #state()} takes an immutable picture at any point.
 *
 * <pre>{@code ClusterState state = ClusterStateFold.initial().apply(registered).apply(planned).state();}</pre>
 */
public final class ClusterStateFold {

    private final Rows rows = new Rows();
    private final Map<String, ClusterState.RunningStep> runningSteps = new LinkedHashMap<>();
    private EventEnvelope last;
    private long applied;

    private ClusterStateFold() {
    }

    /** Nothing folded yet: the cluster does not exist until its {@code ClusterRegistered}. */
    public static ClusterStateFold initial() {
        return new ClusterStateFold();
    }

    /** Whether the cluster's registration has been folded. */
    public boolean registered() {
        return rows.cluster != null;
    }

    /** The last event folded, null before the first. */
    public EventEnvelope last() {
        return last;
    }

    /** How many events were folded. */
    public long applied() {
        return applied;
    }

    /**
     * Folds the next event of the cluster.
     *
     * @throws IllegalStateException when the first event is not the registration, or an event does not follow the one
     *                               before (a redelivery or a gap: a fold takes each event once, in order)
     */
    public ClusterStateFold apply(EventEnvelope envelope) {
        if (last != null && envelope.sequence() != last.sequence() + 1) {
            throw new IllegalStateException("event " + envelope.sequence() + " of " + envelope.clusterId()
                    + " does not follow event " + last.sequence());
        }
        Transition transition = ClusterTransition.apply(rows, envelope);
        if (transition.stepsCleared()) {
            runningSteps.clear();
        }
        if (transition.attemptEnded() != null) {
            runningSteps.remove(transition.attemptEnded());
        }
        StepStarted started = transition.started();
        if (started != null) {
            runningSteps.put(started.stepId(), new ClusterState.RunningStep(started.stepId(),
                    started.action().name(), started.nodeId() == null ? null : started.nodeId().value(),
                    started.attempt(), envelope.timestamp(), started.deadline()));
        }
        last = envelope;
        applied++;
        return this;
    }

    /**
     * The state as of the last event folded.
     *
     * @throws IllegalStateException before the registration was folded
     */
    public ClusterState state() {
        if (!registered()) {
            throw new IllegalStateException("no cluster before its registration");
        }
        ClusterRow cluster = rows.cluster;
        Set<String> versions = new TreeSet<>();
        List<ClusterState.Node> nodeStates = new ArrayList<>(rows.nodes.size());
        for (NodeRow node : rows.nodes.values()) {
            versions.add(node.version);
            nodeStates.add(new ClusterState.Node(node.nodeId, node.address, node.group, node.version, node.state));
        }
        ClusterState.Upgrade upgrade = cluster.upgradeId == null ? null : new ClusterState.Upgrade(cluster.upgradeId,
                cluster.upgradeStatus, cluster.fromVersion, cluster.targetVersion, cluster.strategy,
                UpgradeLifecycle.ACTIVE.contains(cluster.upgradeStatus), List.copyOf(runningSteps.values()));
        ClusterState.Manager manager = cluster.managerId == null ? null
                : new ClusterState.Manager(cluster.managerId, cluster.managerEpoch);
        return new ClusterState(cluster.clusterId, cluster.product, cluster.version, List.copyOf(versions),
                cluster.schemaVersion, cluster.registeredAt, rows.nodes.size(), List.copyOf(nodeStates), upgrade,
                manager, cluster.retired, cluster.mixedVersionWindow || versions.size() > 1, last.sequence(), last.position(),
                last.timestamp(), last.eventId(), last.eventType());
    }

    /** The cluster's rows, all of them, as the transitions leave them. */
    private static final class Rows implements ClusterScope {

        private ClusterRow cluster;
        private final Map<String, NodeRow> nodes = new TreeMap<>();

        @Override
        public ClusterRow cluster() {
            return cluster;
        }

        @Override
        public void registered(ClusterRow row) {
            cluster = row;
        }

        @Override
        public NodeRow node(String nodeId) {
            return nodes.get(nodeId);
        }

        @Override
        public Collection<NodeRow> nodes() {
            return nodes.values();
        }

        @Override
        public void put(NodeRow node) {
            nodes.put(node.nodeId, node);
        }

        @Override
        public void remove(String nodeId) {
            nodes.remove(nodeId);
        }
    }
}
