package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.events.DiscoveryGroupClaimed;
import dev.upgradeledger.events.DiscoveryGroupReleased;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.projection.model.ClusterRow;
import dev.upgradeledger.projection.model.ClusterTransition;
import dev.upgradeledger.projection.model.EventTime;
import dev.upgradeledger.projection.model.InMemoryClusterScope;
import dev.upgradeledger.projection.model.NodeRow;
import dev.upgradeledger.projection.model.Transition;
import dev.upgradeledger.projection.model.UpgradeLifecycle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * Folds a cluster's events, in sequence order, into its {@link ClusterState}: pure, no I/O, no clock. Each event moves
 * the state through {@link ClusterTransition}, the same transition the live cluster-status read model applies, so the
 * state after sequence N is what the live model showed once it had applied N; the fold also keeps the steps running
 * (from the steps each transition started and ended). Event times are kept as the history read model stores them
 * ({@link EventTime}), so a fold of decoded records and one of recorded events hold the same state. Mutable inside,
 * so that a fold over a long history of a large
 * cluster costs one map update per event; {@link #state()} takes an immutable picture at any point.
 *
 * <pre>{@code ClusterState state = ClusterStateFold.initial().apply(registered).apply(planned).state();}</pre>
 */
public final class ClusterStateFold {

    private final InMemoryClusterScope rows = new InMemoryClusterScope();
    private final Map<String, ClusterState.RunningStep> runningSteps = new LinkedHashMap<>();
    private final Map<String, ClusterState.DiscoveryGroup> discoveryGroups = new TreeMap<>();
    private Last last;
    private long applied;

    /**
     * A claim or release moves a group only to a higher epoch, as the live read model does
     * ({@code DiscoveryGroupProjection}): a stale change recorded late leaves the group as it is.
     */
    private void changeGroup(ClusterState.DiscoveryGroup changed) {
        discoveryGroups.merge(changed.group(), changed,
                (current, next) -> next.epoch() > current.epoch() ? next : current);
    }

    private ClusterStateFold() {
    }

    /** Nothing folded yet: the cluster does not exist until its {@code ClusterRegistered}. */
    public static ClusterStateFold initial() {
        return new ClusterStateFold();
    }

    /** Whether the cluster's registration has been folded. */
    public boolean registered() {
        return rows.cluster() != null;
    }

    /** The sequence of the last event folded (or of the snapshot resumed from), -1 before the first. */
    public long lastSequence() {
        return last == null ? -1 : last.sequence();
    }

    /** How many nodes the cluster has as of the last event folded. */
    public int nodeCount() {
        return rows.nodes().size();
    }

    /** How many events were folded (by this fold: a fold resumed from a snapshot counts from there). */
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
                    started.attempt(), EventTime.of(envelope.timestamp()), started.deadline()));
        }
        if (envelope.payload() instanceof DiscoveryGroupClaimed claimed) {
            changeGroup(new ClusterState.DiscoveryGroup(claimed.group(), claimed.managerClusterId().value(),
                    claimed.epoch()));
        } else if (envelope.payload() instanceof DiscoveryGroupReleased released) {
            changeGroup(new ClusterState.DiscoveryGroup(released.group(), null, released.epoch()));
        }
        last = new Last(envelope.sequence(), envelope.position(), EventTime.of(envelope.timestamp()),
                envelope.eventId(), envelope.eventType());
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
        ClusterRow cluster = rows.cluster();
        Set<String> versions = new TreeSet<>();
        List<ClusterState.Node> nodeStates = new ArrayList<>(rows.nodes().size());
        for (NodeRow node : rows.nodes()) {
            versions.add(node.version);
            nodeStates.add(new ClusterState.Node(node.nodeId, node.address, node.group, node.version, node.state,
                    node.role));
        }
        ClusterState.Upgrade upgrade = cluster.upgradeId == null ? null : new ClusterState.Upgrade(cluster.upgradeId,
                cluster.upgradeStatus, cluster.fromVersion, cluster.targetVersion, cluster.strategy,
                UpgradeLifecycle.ACTIVE.contains(cluster.upgradeStatus), List.copyOf(runningSteps.values()),
                runningSteps.size());
        ClusterState.Manager manager = cluster.managerId == null ? null
                : new ClusterState.Manager(cluster.managerId, cluster.managerEpoch);
        return new ClusterState(cluster.clusterId, cluster.product, cluster.labels == null ? java.util.Map.of()
                : cluster.labels, cluster.version, List.copyOf(versions),
                cluster.schemaVersion, cluster.registeredAt, rows.nodes().size(), List.copyOf(nodeStates), upgrade,
                manager, cluster.retired, cluster.mixedVersionWindow || versions.size() > 1, last.sequence(), last.position(),
                last.at(), last.eventId(), last.eventType(), List.copyOf(discoveryGroups.values()), null);
    }

    /**
     * What the fold holds after its last event, to store and to {@link #resume} from: the cluster's rows, the steps
     * running and the last event. A copy: folding on does not change it.
     *
     * @throws IllegalStateException before the registration was folded
     */
    public Snapshot snapshot() {
        if (!registered()) {
            throw new IllegalStateException("no cluster before its registration");
        }
        return new Snapshot(copy(rows.cluster()), rows.nodes().stream().map(ClusterStateFold::copy).toList(),
                List.copyOf(runningSteps.values()), last, List.copyOf(discoveryGroups.values()));
    }

    /** A fold that goes on from a {@link #snapshot()}, as if it had folded every event up to the snapshot's. */
    public static ClusterStateFold resume(Snapshot snapshot) {
        ClusterStateFold fold = new ClusterStateFold();
        fold.rows.registered(copy(snapshot.cluster()));
        snapshot.nodes().forEach(node -> fold.rows.put(copy(node)));
        snapshot.runningSteps().forEach(step -> fold.runningSteps.put(step.stepId(), step));
        fold.last = snapshot.last();
        if (snapshot.discoveryGroups() != null) {
            snapshot.discoveryGroups().forEach(group -> fold.discoveryGroups.put(group.group(), group));
        }
        return fold;
    }

    /**
     * A fold's state after an event of the cluster (see {@link #snapshot()}); plain data, serializable as JSON.
     *
     * @param last            the last event folded
     * @param discoveryGroups the managers of the cluster's discovery groups (null in snapshots written before they
     *                        were kept: a resumed fold then starts without them; see docs/projection.md)
     */
    public record Snapshot(ClusterRow cluster, List<NodeRow> nodes, List<ClusterState.RunningStep> runningSteps,
                           Last last, List<ClusterState.DiscoveryGroup> discoveryGroups) {
    }

    /** What the state tells of the last event folded. */
    public record Last(long sequence, long position, java.time.Instant at, String eventId, String eventType) {
    }

    private static ClusterRow copy(ClusterRow row) {
        ClusterRow copy = new ClusterRow();
        copy.clusterId = row.clusterId;
        copy.product = row.product;
        copy.version = row.version;
        copy.schemaVersion = row.schemaVersion;
        copy.nodeCount = row.nodeCount;
        copy.registeredAt = row.registeredAt;
        copy.updatedAt = row.updatedAt;
        copy.lastSequence = row.lastSequence;
        copy.lastPosition = row.lastPosition;
        copy.lastEventId = row.lastEventId;
        copy.upgradeId = row.upgradeId;
        copy.upgradeStatus = row.upgradeStatus;
        copy.targetVersion = row.targetVersion;
        copy.mixedVersionWindow = row.mixedVersionWindow;
        copy.retired = row.retired;
        copy.managerId = row.managerId;
        copy.managerEpoch = row.managerEpoch;
        copy.rollingBack = row.rollingBack;
        copy.approvalPending = row.approvalPending;
        copy.strategy = row.strategy;
        copy.fromVersion = row.fromVersion;
        copy.labels = row.labels;
        return copy;
    }

    private static NodeRow copy(NodeRow row) {
        NodeRow copy = new NodeRow();
        copy.nodeId = row.nodeId;
        copy.address = row.address;
        copy.group = row.group;
        copy.role = row.role;
        copy.version = row.version;
        copy.state = row.state;
        copy.lastUpgradeId = row.lastUpgradeId;
        copy.lastStepId = row.lastStepId;
        copy.lastAction = row.lastAction;
        copy.lastStepStatus = row.lastStepStatus;
        copy.updatedAt = row.updatedAt;
        copy.lastSequence = row.lastSequence;
        copy.lastPosition = row.lastPosition;
        return copy;
    }
}
