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
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies events to the cluster-status read model, each exactly once: a cluster's row stores the sequence of the last
 * event it includes, and an event at or below that sequence (a redelivery, a republished history) changes nothing.
 * Events that do not change what this model shows still move the row's position forward.
 */
@Component
public class ClusterStatusProjection {

    private static final Logger log = LoggerFactory.getLogger(ClusterStatusProjection.class);

    private final ClusterStatusRepository repository;
    private final MeterRegistry meters;

    ClusterStatusProjection(ClusterStatusRepository repository, MeterRegistry meters) {
        this.repository = repository;
        this.meters = meters;
    }

    @Transactional
    public void apply(EventEnvelope envelope) {
        long applied = repository.lockLastSequence(envelope.clusterId()).orElse(-1L);
        if (envelope.sequence() <= applied) {
            meters.counter("ledger.projection.events", "outcome", "duplicate", "type", envelope.eventType()).increment();
            return;
        }
        if (envelope.sequence() != applied + 1) {
            log.warn("Cluster {} jumps from event {} to {}: events are missing upstream", envelope.clusterId(),
                    applied, envelope.sequence());
            meters.counter("ledger.projection.sequence-gaps").increment();
        }
        LedgerEvent event = envelope.payload();
        if (event instanceof ClusterRegistered registered) {
            repository.insertRegistered(registered, envelope);
        } else if (applied < 0) {
            log.warn("Cluster {} has no registration before event {} ({}); skipped", envelope.clusterId(),
                    envelope.sequence(), envelope.eventType());
            return;
        } else {
            update(event);
            repository.advance(envelope);
        }
        meters.counter("ledger.projection.events", "outcome", "applied", "type", envelope.eventType()).increment();
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
