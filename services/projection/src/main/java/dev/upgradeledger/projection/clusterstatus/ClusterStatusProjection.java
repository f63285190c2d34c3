package dev.upgradeledger.projection.clusterstatus;

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
import dev.upgradeledger.events.NodeVerified;
import dev.upgradeledger.events.PeerRejoined;
import dev.upgradeledger.events.PeerRemoved;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.projection.ReadModel;
import org.springframework.stereotype.Component;

/**
 * The cluster-status read model: one row per cluster and per node. Events that do not change what it shows still move
 * the cluster's row to their position, so every row says which event it includes; a node's row moves with the events
 * that concern it (its steps and their facts), and remembers the last upgrade and step that touched it.
 */
@Component
public class ClusterStatusProjection implements ReadModel {

    private final ClusterStatusRepository repository;

    ClusterStatusProjection(ClusterStatusRepository repository) {
        this.repository = repository;
    }

    @Override
    public void apply(EventEnvelope envelope) {
        LedgerEvent event = envelope.payload();
        if (event instanceof ClusterRegistered registered) {
            repository.insertRegistered(registered, envelope);
        } else {
            update(event, envelope);
            repository.advance(envelope);
        }
    }

    private void update(LedgerEvent event, EventEnvelope envelope) {
        if (event instanceof NodeAdded added) {
            repository.addNode(added, envelope);
        } else if (event instanceof NodeRemoved removed) {
            repository.removeNode(removed.clusterId(), removed.nodeId());
        } else if (event instanceof StepStarted started) {
            if (started.nodeId() != null && (started.targetClusterId() == null
                    || started.targetClusterId().equals(started.clusterId()))) {
                repository.nodeStep(envelope, started.nodeId(), started.upgradeId(), started.stepId(),
                        started.action(), "RUNNING");
            }
        } else if (event instanceof StepFailed failed) {
            repository.nodeStepOutcome(envelope, failed.upgradeId(), failed.stepId(),
                    failed.willRetry() ? "RETRYING" : "FAILED");
        } else if (event instanceof StepTimedOut timedOut) {
            repository.nodeStepOutcome(envelope, timedOut.upgradeId(), timedOut.stepId(),
                    timedOut.willRetry() ? "RETRYING" : "TIMED_OUT");
        } else if (event instanceof NodeIsolated isolated) {
            nodeFact(envelope, isolated.nodeId(), isolated.upgradeId(), isolated.stepId(), StepAction.ISOLATE_NODE,
                    "ISOLATED", null);
        } else if (event instanceof NodeReintegrated reintegrated) {
            nodeFact(envelope, reintegrated.nodeId(), reintegrated.upgradeId(), reintegrated.stepId(),
                    StepAction.REINTEGRATE_NODE, "IN_SERVICE", null);
        } else if (event instanceof PeerRemoved removed) {
            nodeFact(envelope, removed.nodeId(), removed.upgradeId(), removed.stepId(), StepAction.REMOVE_PEER,
                    "REMOVED", null);
        } else if (event instanceof PeerRejoined rejoined) {
            nodeFact(envelope, rejoined.nodeId(), rejoined.upgradeId(), rejoined.stepId(), StepAction.REJOIN_PEER,
                    "IN_SERVICE", null);
        } else if (event instanceof NodeVerified verified) {
            nodeFact(envelope, verified.nodeId(), verified.upgradeId(), verified.stepId(), StepAction.VERIFY_NODE,
                    null, null);
        } else if (event instanceof NodeUpgraded upgraded) {
            nodeFact(envelope, upgraded.nodeId(), upgraded.upgradeId(), upgraded.stepId(), StepAction.UPGRADE_NODE,
                    null, upgraded.toVersion());
        } else if (event instanceof NodeRolledBack rolledBack) {
            nodeFact(envelope, rolledBack.nodeId(), rolledBack.upgradeId(), rolledBack.stepId(),
                    StepAction.ROLL_BACK_NODE, null, rolledBack.toVersion());
        } else if (event instanceof NodeQuarantined quarantined) {
            repository.quarantine(envelope, quarantined.nodeId(), quarantined.upgradeId(), quarantined.stepId());
        } else if (event instanceof SchemaMigrated migrated) {
            repository.schemaVersion(migrated.clusterId(), migrated.upgradeId().value(), migrated.toSchemaVersion());
        } else if (event instanceof UpgradePlanned planned) {
            repository.upgrade(planned.clusterId(), planned.upgradeId().value(), "RUNNING",
                    planned.toVersion().value(), true);
        } else if (event instanceof UpgradePaused paused) {
            repository.upgradeStatus(paused.clusterId(), "PAUSED");
        } else if (event instanceof UpgradeResumed resumed) {
            repository.resumed(resumed.clusterId());
        } else if (event instanceof RollbackStarted rollback) {
            repository.rollbackStarted(rollback.clusterId());
            repository.cancelNodeSteps(envelope, rollback.upgradeId());
        } else if (event instanceof UpgradeAborted aborted) {
            repository.endUpgrade(aborted.clusterId(), "ABORTED", null);
            repository.cancelNodeSteps(envelope, aborted.upgradeId());
        } else if (event instanceof UpgradeFailed failed) {
            repository.endUpgrade(failed.clusterId(), "FAILED", null);
            repository.cancelNodeSteps(envelope, failed.upgradeId());
        } else if (event instanceof UpgradeCompleted completed) {
            repository.endUpgrade(completed.clusterId(), completed.rolledBack() ? "ROLLED_BACK" : "COMPLETED",
                    completed.version());
        } else if (event instanceof UpgradeFinalized finalized) {
            repository.upgradeStatus(finalized.clusterId(), "FINALIZED");
        } else if (event instanceof ManagementClaimed claimed) {
            repository.manager(claimed.clusterId(), claimed.managerId(), claimed.epoch());
        } else if (event instanceof ManagementHandedOver handedOver) {
            repository.manager(handedOver.clusterId(), handedOver.toManagerId(), handedOver.epoch());
        } else if (event instanceof ClusterRetired retired) {
            repository.retire(retired.clusterId());
        }
    }

    /** A step's fact about a node: the step succeeded, and the node may have a new state or version. */
    private void nodeFact(EventEnvelope envelope, NodeId nodeId, UpgradeId upgradeId, String stepId,
                          StepAction action, String state, Version version) {
        repository.nodeStep(envelope, nodeId, upgradeId, stepId, action, "SUCCEEDED");
        if (state != null) {
            repository.nodeState(envelope.clusterId(), nodeId, state);
        }
        if (version != null) {
            repository.nodeVersion(envelope.clusterId(), nodeId, version);
        }
    }
}
