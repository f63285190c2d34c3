package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.ClusterRetired;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.NodeAdded;
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
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.projection.ReadModel;
import org.springframework.stereotype.Component;

/**
 * The cluster-status read model: one row per cluster and per node. Events that do not change what it shows still move
 * the cluster's row to their position, so every row says which event it includes.
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
            update(event);
            repository.advance(envelope);
        }
    }

    private void update(LedgerEvent event) {
        if (event instanceof NodeAdded added) {
            repository.addNode(added);
        } else if (event instanceof NodeRemoved removed) {
            repository.removeNode(removed.clusterId(), removed.nodeId());
        } else if (event instanceof NodeIsolated isolated) {
            repository.nodeState(isolated.clusterId(), isolated.nodeId(), "ISOLATED");
        } else if (event instanceof NodeReintegrated reintegrated) {
            repository.nodeState(reintegrated.clusterId(), reintegrated.nodeId(), "IN_SERVICE");
        } else if (event instanceof PeerRemoved removed) {
            repository.nodeState(removed.clusterId(), removed.nodeId(), "REMOVED");
        } else if (event instanceof PeerRejoined rejoined) {
            repository.nodeState(rejoined.clusterId(), rejoined.nodeId(), "IN_SERVICE");
        } else if (event instanceof NodeQuarantined quarantined) {
            repository.nodeState(quarantined.clusterId(), quarantined.nodeId(), "QUARANTINED");
        } else if (event instanceof NodeUpgraded upgraded) {
            repository.nodeVersion(upgraded.clusterId(), upgraded.nodeId(), upgraded.toVersion());
        } else if (event instanceof NodeRolledBack rolledBack) {
            repository.nodeVersion(rolledBack.clusterId(), rolledBack.nodeId(), rolledBack.toVersion());
        } else if (event instanceof SchemaMigrated migrated) {
            repository.schemaVersion(migrated.clusterId(), migrated.toSchemaVersion());
        } else if (event instanceof UpgradePlanned planned) {
            repository.upgrade(planned.clusterId(), planned.upgradeId().value(), "RUNNING",
                    planned.toVersion().value(), true);
        } else if (event instanceof UpgradePaused paused) {
            repository.upgradeStatus(paused.clusterId(), "PAUSED");
        } else if (event instanceof UpgradeResumed resumed) {
            repository.upgradeStatus(resumed.clusterId(), "RUNNING");
        } else if (event instanceof RollbackStarted rollback) {
            repository.upgradeStatus(rollback.clusterId(), "ROLLING_BACK");
        } else if (event instanceof UpgradeAborted aborted) {
            repository.endUpgrade(aborted.clusterId(), "ABORTED", null);
        } else if (event instanceof UpgradeFailed failed) {
            repository.endUpgrade(failed.clusterId(), "FAILED", null);
        } else if (event instanceof UpgradeCompleted completed) {
            repository.endUpgrade(completed.clusterId(), completed.rolledBack() ? "ROLLED_BACK" : "COMPLETED",
                    completed.version());
        } else if (event instanceof UpgradeFinalized finalized) {
            repository.upgradeStatus(finalized.clusterId(), "FINALIZED");
        } else if (event instanceof ClusterRetired retired) {
            repository.retire(retired.clusterId());
        }
    }
}
