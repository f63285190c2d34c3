package dev.upgradeledger.projection.model;

import dev.upgradeledger.events.ClusterLabelsChanged;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.ClusterRetired;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.ManagementClaimed;
import dev.upgradeledger.events.ManagementHandedOver;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.NodeRemoved;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeAbandoned;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeResumed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an event means for a cluster's state: given the state before ({@link ClusterScope}) and the event, the state
 * after, and which step it started, ended or settled ({@link Transition}). Pure: no I/O, no clock, no framework. The
 * live cluster-status read model, time travel and (through {@link Subject} and {@link UpgradeLifecycle}) the diagnosis
 * all take their meaning of an event from here, and {@link UpgradeTransition} does the same for an upgrade's progress.
 *
 * <ul>
 *   <li>Every event moves the cluster to it ({@code lastSequence}, {@code lastPosition}, {@code updatedAt}, the event
 *   id); a node moves with the events that change it.</li>
 *   <li>A step started on a node of the cluster becomes the node's last step ({@code RUNNING}); its failure or time-out
 *   is shown on every node whose last step it is ({@code RETRYING}, or {@code FAILED} / {@code TIMED_OUT} for good); its
 *   fact makes it {@code SUCCEEDED} and may change the node's state or version ({@link StepFact}).</li>
 *   <li>A plan makes its upgrade the cluster's current one ({@code RUNNING}, mixed-version window open); a rollback, an
 *   abort or a failure cancels what was still running on the nodes; a completed upgrade moves the cluster to its
 *   version and keeps the window open until it is finalized.</li>
 *   <li>A migration's schema step migrates the target cluster: the source keeps its schema, as the aggregate does.</li>
 *   <li>A cluster's labels are those of its registration until a {@code ClusterLabelsChanged} replaces them whole.</li>
 * </ul>
 */
public final class ClusterTransition {

    private ClusterTransition() {
    }

    /**
     * Applies the next event of the cluster to its state.
     *
     * @throws IllegalStateException when the cluster is not registered and the event is not its registration
     */
    public static Transition apply(ClusterScope scope, EventEnvelope envelope) {
        LedgerEvent event = envelope.payload();
        Subject subject = Subject.of(event);
        Instant at = EventTime.of(envelope.timestamp());
        if (event instanceof ClusterRegistered registered) {
            register(scope, registered, envelope, at);
            return new Transition(subject, null, null, false);
        }
        ClusterRow cluster = scope.cluster();
        if (cluster == null) {
            throw new IllegalStateException("the history of " + envelope.clusterId() + " starts with "
                    + envelope.eventType() + " at sequence " + envelope.sequence() + ", not with its registration");
        }
        Transition transition = change(scope, cluster, subject, event, envelope, at);
        cluster.lastSequence = envelope.sequence();
        cluster.lastPosition = envelope.position();
        cluster.lastEventId = envelope.eventId();
        cluster.updatedAt = at;
        return transition;
    }

    private static void register(ClusterScope scope, ClusterRegistered registered, EventEnvelope envelope,
                                 Instant at) {
        ClusterRow cluster = new ClusterRow();
        cluster.clusterId = registered.clusterId().value();
        cluster.product = registered.product();
        cluster.version = registered.version().value();
        cluster.schemaVersion = registered.schemaVersion().value();
        cluster.labels = registered.labels();
        cluster.nodeCount = registered.nodes().size();
        cluster.registeredAt = at;
        cluster.updatedAt = at;
        cluster.lastSequence = envelope.sequence();
        cluster.lastPosition = envelope.position();
        cluster.lastEventId = envelope.eventId();
        scope.registered(cluster);
        for (NodeSpec spec : registered.nodes()) {
            scope.put(newNode(spec, registered.version().value(), envelope, at));
        }
    }

    private static Transition change(ClusterScope scope, ClusterRow cluster, Subject subject, LedgerEvent event,
                                     EventEnvelope envelope, Instant at) {
        StepStarted started = null;
        String ended = null;
        boolean cleared = false;
        cluster.upgradeStatus = UpgradeLifecycle.after(cluster.upgradeStatus, cluster.rollingBack,
                cluster.approvalPending, event);
        cluster.approvalPending = UpgradeLifecycle.approvalPendingAfter(cluster.approvalPending, event);
        if (event instanceof NodeAdded added) {
            if (scope.node(added.node().id().value()) == null) {
                cluster.nodeCount++;
            }
            scope.put(newNode(added.node(), added.version().value(), envelope, at));
        } else if (event instanceof NodeRemoved removed) {
            if (scope.node(removed.nodeId().value()) != null) {
                scope.remove(removed.nodeId().value());
                cluster.nodeCount--;
            }
        } else if (event instanceof StepStarted step) {
            started = step;
            boolean here = step.targetClusterId() == null || step.targetClusterId().equals(step.clusterId());
            NodeRow node = step.nodeId() == null || !here ? null : scope.node(step.nodeId().value());
            if (node != null) {
                lastStep(node, subject.upgradeId(), step.stepId(), step.action().name(), "RUNNING", envelope, at);
                scope.put(node);
            }
        } else if (event instanceof StepFailed failed) {
            ended = failed.stepId();
            attemptOutcome(scope, subject, failed.willRetry() ? "RETRYING" : "FAILED", envelope, at);
        } else if (event instanceof StepTimedOut timedOut) {
            ended = timedOut.stepId();
            attemptOutcome(scope, subject, timedOut.willRetry() ? "RETRYING" : "TIMED_OUT", envelope, at);
        } else if (event instanceof NodeQuarantined quarantined) {
            ended = quarantined.stepId();
            NodeRow node = scope.node(quarantined.nodeId().value());
            if (node != null) {
                node.state = "QUARANTINED";
                node.lastUpgradeId = subject.upgradeId();
                node.lastStepId = quarantined.stepId();
                moved(node, envelope, at);
                scope.put(node);
            }
        } else if (event instanceof UpgradePlanned planned) {
            cluster.upgradeId = subject.upgradeId();
            cluster.targetVersion = planned.toVersion().value();
            cluster.fromVersion = planned.fromVersion().value();
            cluster.strategy = planned.strategy().name();
            cluster.mixedVersionWindow = true;
            cluster.rollingBack = false;
            cleared = true;
        } else if (event instanceof UpgradePaused || event instanceof UpgradeResumed) {
            // the status alone
        } else if (event instanceof RollbackStarted) {
            cluster.rollingBack = true;
            cancelNodeSteps(scope, subject.upgradeId(), envelope, at);
        } else if (event instanceof UpgradeAborted || event instanceof UpgradeFailed) {
            ended(cluster, null);
            cancelNodeSteps(scope, subject.upgradeId(), envelope, at);
            cleared = true;
        } else if (event instanceof UpgradeCompleted completed) {
            ended(cluster, completed.version().value());
            cleared = true;
        } else if (event instanceof UpgradeFinalized || event instanceof UpgradeAbandoned) {
            // abandoned: the next upgrade may start; nodes on different versions still show as mixed
            cluster.mixedVersionWindow = false;
        } else if (event instanceof ManagementClaimed claimed) {
            cluster.managerId = claimed.managerId();
            cluster.managerEpoch = claimed.epoch();
        } else if (event instanceof ManagementHandedOver handedOver) {
            cluster.managerId = handedOver.toManagerId();
            cluster.managerEpoch = handedOver.epoch();
        } else if (event instanceof ClusterRetired) {
            cluster.retired = true;
        } else if (event instanceof ClusterLabelsChanged changed) {
            cluster.labels = changed.labels();
        } else if (subject.fact() != null) {
            ended = subject.fact().stepId();
            fact(scope, cluster, subject.fact(), event, envelope, at);
        }
        return new Transition(subject, started, ended, cleared);
    }

    /** A step's fact: the step succeeded on its node, which may have a new state or version; or a new schema. */
    private static void fact(ClusterScope scope, ClusterRow cluster, StepFact fact, LedgerEvent event,
                             EventEnvelope envelope, Instant at) {
        if (event instanceof SchemaMigrated migrated && !"MIGRATION".equals(cluster.strategy)) {
            cluster.schemaVersion = migrated.toSchemaVersion().value();
        }
        if (fact.nodeId() == null) {
            return;
        }
        NodeRow node = scope.node(fact.nodeId().value());
        if (node == null) {
            return; // a node the cluster does not have (a migration's target node)
        }
        lastStep(node, fact.upgradeId().value(), fact.stepId(), fact.action().name(), "SUCCEEDED", envelope, at);
        if (fact.nodeState() != null) {
            node.state = fact.nodeState();
        }
        if (fact.nodeVersion() != null) {
            node.version = fact.nodeVersion().value();
        }
        scope.put(node);
    }

    /** The upgrade ended; a completed one keeps the mixed-version window open until it is finalized. */
    private static void ended(ClusterRow cluster, String convergedOn) {
        if (convergedOn != null) {
            cluster.version = convergedOn;
        }
        cluster.mixedVersionWindow = "COMPLETED".equals(cluster.upgradeStatus);
        cluster.rollingBack = false;
    }

    /** An attempt failed or timed out: every node whose last step it is shows it. */
    private static void attemptOutcome(ClusterScope scope, Subject subject, String status, EventEnvelope envelope,
                                       Instant at) {
        for (NodeRow node : select(scope, node -> subject.upgradeId().equals(node.lastUpgradeId)
                && subject.stepId().equals(node.lastStepId))) {
            node.lastStepStatus = status;
            moved(node, envelope, at);
            scope.put(node);
        }
    }

    /** The upgrade ended or its plan was replaced: a step still running or waiting for a retry never ends. */
    private static void cancelNodeSteps(ClusterScope scope, String upgradeId, EventEnvelope envelope, Instant at) {
        for (NodeRow node : select(scope, node -> upgradeId.equals(node.lastUpgradeId)
                && ("RUNNING".equals(node.lastStepStatus) || "RETRYING".equals(node.lastStepStatus)))) {
            node.lastStepStatus = "CANCELLED";
            moved(node, envelope, at);
            scope.put(node);
        }
    }

    private static List<NodeRow> select(ClusterScope scope, java.util.function.Predicate<NodeRow> which) {
        List<NodeRow> selected = new ArrayList<>();
        for (NodeRow node : scope.nodes()) {
            if (which.test(node)) {
                selected.add(node);
            }
        }
        return selected;
    }

    private static void lastStep(NodeRow node, String upgradeId, String stepId, String action, String status,
                                 EventEnvelope envelope, Instant at) {
        node.lastUpgradeId = upgradeId;
        node.lastStepId = stepId;
        node.lastAction = action;
        node.lastStepStatus = status;
        moved(node, envelope, at);
    }

    private static void moved(NodeRow node, EventEnvelope envelope, Instant at) {
        node.lastSequence = envelope.sequence();
        node.lastPosition = envelope.position();
        node.updatedAt = at;
    }

    private static NodeRow newNode(NodeSpec spec, String version, EventEnvelope envelope, Instant at) {
        NodeRow node = new NodeRow();
        node.nodeId = spec.id().value();
        node.address = spec.address();
        node.group = spec.group();
        node.role = spec.role();
        node.version = version;
        node.state = "IN_SERVICE";
        moved(node, envelope, at);
        return node;
    }
}
