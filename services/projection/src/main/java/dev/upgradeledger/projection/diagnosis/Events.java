package dev.upgradeledger.projection.diagnosis;

import dev.upgradeledger.events.ClusterLabelsChanged;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.EnvironmentRecompiled;
import dev.upgradeledger.events.EnvironmentResumed;
import dev.upgradeledger.events.EnvironmentsChecked;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.ServerStarted;
import dev.upgradeledger.events.ServerStopped;
import dev.upgradeledger.events.TargetVerified;
import dev.upgradeledger.events.DiscoveryGroupAdded;
import dev.upgradeledger.events.DiscoveryGroupClaimed;
import dev.upgradeledger.events.DiscoveryGroupReleased;
import dev.upgradeledger.events.DiscoveryGroupRemoved;
import dev.upgradeledger.events.ManagementClaimed;
import dev.upgradeledger.events.ProcessesRestarted;
import dev.upgradeledger.events.ManagementHandedOver;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.NodeRemoved;
import dev.upgradeledger.events.NodeRolledBack;
import dev.upgradeledger.events.NodeUpgraded;
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
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.projection.model.StepFact;
import dev.upgradeledger.projection.model.Subject;

/**
 * What the diagnosis needs to know about single events: their upgrade, step and node (the model's {@link Subject}), and a
 * line describing them.
 */
final class Events {

    private Events() {
    }

    /** The upgrade an event belongs to, null for events of the cluster alone. */
    static String upgradeId(LedgerEvent event) {
        return Subject.of(event).upgradeId();
    }

    /** The step an event is about, null when it is about none. */
    static String stepId(LedgerEvent event) {
        return Subject.of(event).stepId();
    }

    /** The step a successful step's fact settles (NodeUpgraded, StateExported, ...), null for any other event. */
    static String factStepId(LedgerEvent event) {
        return Subject.of(event).settles().map(StepFact::stepId).orElse(null);
    }

    /** One line saying what the event records. */
    static String describe(EventEnvelope envelope) {
        LedgerEvent event = envelope.payload();
        if (event instanceof UpgradeRequested e) {
            return "upgrade " + e.upgradeId() + " requested: " + e.fromVersion() + " -> " + e.targetVersion() + ", "
                    + e.strategy();
        } else if (event instanceof UpgradePlanned e) {
            return "planned " + e.fromVersion() + " -> " + e.toVersion() + ": " + e.plan().stages().size()
                    + " stages, " + e.plan().stepCount() + " steps";
        } else if (event instanceof StepStarted e) {
            return "step " + e.stepId() + " " + e.action() + (e.nodeId() == null ? "" : " on " + e.nodeId())
                    + " started, attempt " + e.attempt();
        } else if (event instanceof StepFailed e) {
            return "step " + e.stepId() + " attempt " + e.attempt() + " failed: " + e.code() + ": " + e.message()
                    + (e.willRetry() ? " (will retry)" : " (no retry)");
        } else if (event instanceof StepTimedOut e) {
            return "step " + e.stepId() + " attempt " + e.attempt() + " timed out"
                    + (e.willRetry() ? " (will retry)" : " (no retry)");
        } else if (event instanceof NodeQuarantined e) {
            return "node " + e.nodeId() + " quarantined: " + e.reason();
        } else if (event instanceof UpgradePaused e) {
            return "upgrade paused (" + e.cause() + (e.rule() == null ? "" : ", rule " + e.rule()) + "): "
                    + e.reason();
        } else if (event instanceof UpgradeResumed) {
            return "upgrade resumed";
        } else if (event instanceof UpgradeAborted e) {
            return "upgrade aborted: " + e.reason();
        } else if (event instanceof RollbackStarted e) {
            return "rollback started: " + e.reason();
        } else if (event instanceof UpgradeCompleted e) {
            return (e.rolledBack() ? "rolled back to " : "completed on ") + e.version();
        } else if (event instanceof UpgradeFailed e) {
            return "upgrade failed (" + e.cause() + (e.rule() == null ? "" : ", rule " + e.rule()) + "): "
                    + e.reason();
        } else if (event instanceof UpgradeAbandoned e) {
            return "upgrade abandoned: " + e.reason();
        } else if (event instanceof UpgradeFinalized e) {
            return "finalized on " + e.version();
        } else if (event instanceof UpgradeRejected e) {
            return "upgrade rejected: " + e.rule() + ": " + e.reason();
        } else if (event instanceof NodeUpgraded e) {
            return "step " + e.stepId() + ": " + e.nodeId() + " upgraded " + e.fromVersion() + " -> " + e.toVersion();
        } else if (event instanceof NodeRolledBack e) {
            return "step " + e.stepId() + ": " + e.nodeId() + " rolled back to " + e.toVersion();
        } else if (event instanceof SchemaMigrated e) {
            return "step " + e.stepId() + ": schema " + e.fromSchemaVersion() + " -> " + e.toSchemaVersion();
        } else if (event instanceof TargetVerified e) {
            return "step " + e.stepId() + ": " + e.targetClusterId() + " validated on " + e.version();
        } else if (event instanceof ServerStopped e) {
            return "step " + e.stepId() + ": server of " + e.serverClusterId() + " stopped";
        } else if (event instanceof ServerStarted e) {
            return "step " + e.stepId() + ": server of " + e.serverClusterId() + " started";
        } else if (event instanceof EnvironmentsChecked e) {
            return "step " + e.stepId() + ": environments " + String.join(", ", e.environments()) + " on "
                    + e.targetClusterId() + ", all halted";
        } else if (event instanceof EnvironmentRecompiled e) {
            return "step " + e.stepId() + ": environment " + e.environment() + " recompiled on " + e.targetClusterId()
                    + ", compile succeeded";
        } else if (event instanceof EnvironmentResumed e) {
            return "step " + e.stepId() + ": environment " + e.environment() + " resumed on " + e.targetClusterId();
        } else if (event instanceof ManagementHandedOver e) {
            return "management handed over from " + e.fromManagerId() + " to " + e.toManagerId();
        } else if (event instanceof ManagementClaimed e) {
            return "management claimed by " + e.managerId();
        } else if (event instanceof DiscoveryGroupClaimed e) {
            return "group " + e.group() + " now managed by " + e.managerClusterId() + " (epoch " + e.epoch() + ")";
        } else if (event instanceof DiscoveryGroupReleased e) {
            return "group " + e.group() + " released by " + e.managerClusterId() + " (epoch " + e.epoch() + ")";
        } else if (event instanceof DiscoveryGroupRemoved e) {
            return "step " + e.stepId() + ": group " + e.group() + " removed from " + e.onClusterId();
        } else if (event instanceof DiscoveryGroupAdded e) {
            return "step " + e.stepId() + ": group " + e.group() + " added to " + e.onClusterId();
        } else if (event instanceof ProcessesRestarted e) {
            return "step " + e.stepId() + ": " + e.onClusterId() + " rolling-restarted (group " + e.group() + ")";
        } else if (event instanceof ClusterRegistered e) {
            return "cluster registered on " + e.version() + " with " + e.nodes().size() + " nodes";
        } else if (event instanceof ClusterLabelsChanged e) {
            return e.labels().isEmpty() ? "labels removed" : "labels set to " + e.labels();
        } else if (event instanceof NodeAdded e) {
            return "node " + e.node().id() + " added";
        } else if (event instanceof NodeRemoved e) {
            return "node " + e.nodeId() + " removed";
        }
        String stepId = factStepId(event);
        return stepId == null ? envelope.eventType() : "step " + stepId + " succeeded: " + envelope.eventType()
                + nodeSuffix(event);
    }

    /** The node an event is about, null when it is about none. */
    static String nodeId(LedgerEvent event) {
        return Subject.of(event).nodeId();
    }

    private static String nodeSuffix(LedgerEvent event) {
        String nodeId = nodeId(event);
        return nodeId == null ? "" : " " + nodeId;
    }
}
