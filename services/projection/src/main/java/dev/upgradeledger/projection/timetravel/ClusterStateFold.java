package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.ClusterRetired;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.ManagementClaimed;
import dev.upgradeledger.events.ManagementHandedOver;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeRemoved;
import dev.upgradeledger.events.NodeRolledBack;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.PeerRejoined;
import dev.upgradeledger.events.PeerRemoved;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.projection.StepFact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds a cluster's events, in sequence order, into its {@link ClusterState}: pure, no I/O, no clock. Each event moves
 * the state the way it moved the live cluster-status read model, so the state after sequence N is what the live model
 * showed once it had applied N. Mutable inside, so that a fold over a long history of a large cluster costs one map
 * update per event; {@link #state()} takes an immutable picture at any point.
 *
 * <pre>{@code ClusterState state = ClusterStateFold.initial().apply(registered).apply(planned).state();}</pre>
 */
public final class ClusterStateFold {

    private static final Set<String> ACTIVE = Set.of("RUNNING", "PAUSED", "ROLLING_BACK");

    private String clusterId;
    private String product;
    private String version;
    private String schemaVersion;
    private Instant registeredAt;
    private final Map<String, ClusterState.Node> nodes = new TreeMap<>();
    private String upgradeId;
    private String upgradeStatus;
    private String fromVersion;
    private String targetVersion;
    private String strategy;
    private final Map<String, ClusterState.RunningStep> runningSteps = new LinkedHashMap<>();
    private boolean mixedFlag;
    private ClusterState.Manager manager;
    private boolean retired;
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
        return clusterId != null;
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
        LedgerEvent event = envelope.payload();
        if (last == null && !(event instanceof ClusterRegistered)) {
            throw new IllegalStateException("the history of " + envelope.clusterId() + " starts with "
                    + envelope.eventType() + " at sequence " + envelope.sequence() + ", not with its registration");
        }
        if (last != null && envelope.sequence() != last.sequence() + 1) {
            throw new IllegalStateException("event " + envelope.sequence() + " of " + envelope.clusterId()
                    + " does not follow event " + last.sequence());
        }
        fold(event, envelope);
        last = envelope;
        applied++;
        return this;
    }

    private void fold(LedgerEvent event, EventEnvelope envelope) {
        if (event instanceof ClusterRegistered registered) {
            clusterId = registered.clusterId().value();
            product = registered.product();
            version = registered.version().value();
            schemaVersion = registered.schemaVersion().value();
            registeredAt = envelope.timestamp();
            registered.nodes().forEach(node -> nodes.put(node.id().value(), new ClusterState.Node(node.id().value(),
                    node.address(), node.group(), registered.version().value(), "IN_SERVICE")));
        } else if (event instanceof NodeAdded added) {
            nodes.put(added.node().id().value(), new ClusterState.Node(added.node().id().value(),
                    added.node().address(), added.node().group(), added.version().value(), "IN_SERVICE"));
        } else if (event instanceof NodeRemoved removed) {
            nodes.remove(removed.nodeId().value());
        } else if (event instanceof ManagementClaimed claimed) {
            manager = new ClusterState.Manager(claimed.managerId(), claimed.epoch());
        } else if (event instanceof ManagementHandedOver handedOver) {
            manager = new ClusterState.Manager(handedOver.toManagerId(), handedOver.epoch());
        } else if (event instanceof ClusterRetired) {
            retired = true;
        } else if (event instanceof UpgradePlanned planned) {
            upgradeId = planned.upgradeId().value();
            upgradeStatus = "RUNNING";
            fromVersion = planned.fromVersion().value();
            targetVersion = planned.toVersion().value();
            strategy = planned.strategy().name();
            mixedFlag = true;
            runningSteps.clear();
        } else if (event instanceof StepStarted started) {
            runningSteps.put(started.stepId(), new ClusterState.RunningStep(started.stepId(), started.action().name(),
                    started.nodeId() == null ? null : started.nodeId().value(), started.attempt(),
                    envelope.timestamp(), started.deadline()));
        } else if (event instanceof StepFailed failed) {
            runningSteps.remove(failed.stepId());
        } else if (event instanceof StepTimedOut timedOut) {
            runningSteps.remove(timedOut.stepId());
        } else if (event instanceof UpgradePaused) {
            upgradeStatus = "PAUSED";
        } else if (event instanceof UpgradeResumed) {
            upgradeStatus = "RUNNING";
        } else if (event instanceof RollbackStarted) {
            upgradeStatus = "ROLLING_BACK";
        } else if (event instanceof UpgradeAborted) {
            endUpgrade("ABORTED", null);
        } else if (event instanceof UpgradeFailed) {
            endUpgrade("FAILED", null);
        } else if (event instanceof UpgradeCompleted completed) {
            endUpgrade(completed.rolledBack() ? "ROLLED_BACK" : "COMPLETED", completed.version());
        } else if (event instanceof UpgradeFinalized) {
            upgradeStatus = "FINALIZED";
            mixedFlag = false;
        } else {
            foldStepFact(event);
        }
    }

    /** A step's outcome: it no longer runs, and what it established changes nodes or the schema. */
    private void foldStepFact(LedgerEvent event) {
        StepFact.of(event).ifPresent(fact -> settled(fact.stepId()));
        if (event instanceof NodeIsolated isolated) {
            nodeState(isolated.nodeId(), "ISOLATED");
        } else if (event instanceof NodeReintegrated reintegrated) {
            nodeState(reintegrated.nodeId(), "IN_SERVICE");
        } else if (event instanceof PeerRemoved removed) {
            nodeState(removed.nodeId(), "REMOVED");
        } else if (event instanceof PeerRejoined rejoined) {
            nodeState(rejoined.nodeId(), "IN_SERVICE");
        } else if (event instanceof NodeQuarantined quarantined) {
            settled(quarantined.stepId());
            nodeState(quarantined.nodeId(), "QUARANTINED");
        } else if (event instanceof NodeUpgraded upgraded) {
            nodeVersion(upgraded.nodeId(), upgraded.toVersion());
        } else if (event instanceof NodeRolledBack rolledBack) {
            nodeVersion(rolledBack.nodeId(), rolledBack.toVersion());
        } else if (event instanceof SchemaMigrated migrated && !"MIGRATION".equals(strategy)) {
            // a migration migrates the target cluster's schema; the source keeps its own (as the aggregate does)
            schemaVersion = migrated.toSchemaVersion().value();
        }
    }

    /** The upgrade ended; a completed one keeps the mixed-version window open until it is finalized. */
    private void endUpgrade(String status, Version convergedOn) {
        upgradeStatus = status;
        if (convergedOn != null) {
            version = convergedOn.value();
        }
        mixedFlag = "COMPLETED".equals(status);
        runningSteps.clear();
    }

    private void settled(String stepId) {
        runningSteps.remove(stepId);
    }

    /** Events about a node the cluster does not have (a migration's target node) change nothing here. */
    private void nodeState(NodeId nodeId, String state) {
        nodes.computeIfPresent(nodeId.value(), (id, node) -> new ClusterState.Node(id, node.address(), node.group(),
                node.version(), state));
    }

    private void nodeVersion(NodeId nodeId, Version to) {
        nodes.computeIfPresent(nodeId.value(), (id, node) -> new ClusterState.Node(id, node.address(), node.group(),
                to.value(), node.state()));
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
        Set<String> versions = new TreeSet<>();
        nodes.values().forEach(node -> versions.add(node.version()));
        ClusterState.Upgrade upgrade = upgradeId == null ? null : new ClusterState.Upgrade(upgradeId, upgradeStatus,
                fromVersion, targetVersion, strategy, ACTIVE.contains(upgradeStatus),
                List.copyOf(runningSteps.values()));
        return new ClusterState(clusterId, product, version, List.copyOf(versions), schemaVersion, registeredAt,
                nodes.size(), List.copyOf(new ArrayList<>(nodes.values())), upgrade, manager, retired,
                mixedFlag || versions.size() > 1, last.sequence(), last.position(), last.timestamp(), last.eventId(),
                last.eventType());
    }
}
