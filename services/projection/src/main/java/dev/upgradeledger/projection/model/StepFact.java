package dev.upgradeledger.projection.model;

import dev.upgradeledger.events.DiscoveryGroupAdded;
import dev.upgradeledger.events.DiscoveryGroupRemoved;
import dev.upgradeledger.events.ProcessesRestarted;

import dev.upgradeledger.events.BatchSoaked;
import dev.upgradeledger.events.EnvironmentRecompiled;
import dev.upgradeledger.events.EnvironmentResumed;
import dev.upgradeledger.events.EnvironmentsChecked;
import dev.upgradeledger.events.ServerStarted;
import dev.upgradeledger.events.ServerStopped;
import dev.upgradeledger.events.TargetVerified;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.UpgradeApproved;
import dev.upgradeledger.events.MissionRevisionsApplied;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeRolledBack;
import dev.upgradeledger.events.NodeStarted;
import dev.upgradeledger.events.NodeStopped;
import dev.upgradeledger.events.PeerCleaned;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.NodeVerified;
import dev.upgradeledger.events.PeerRejoined;
import dev.upgradeledger.events.PeerRemoved;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StateChecked;
import dev.upgradeledger.events.StateExported;
import dev.upgradeledger.events.StateImported;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.events.WorkloadsHalted;
import dev.upgradeledger.events.WorkloadsMoved;
import dev.upgradeledger.events.WorkloadsResumed;
import java.util.Optional;

/**
 * A fact a successful step established: the command side records exactly one of these events when a step succeeds
 * (see {@code StepFacts} in command-api), so each one settles its step. It also says what the step did to its node.
 *
 * @param nodeId      the node the fact is about, null for a cluster-wide fact
 * @param action      the action of the step it settles
 * @param nodeState   the node's state after it ({@code ISOLATED}, {@code IN_SERVICE}, {@code REMOVED}, {@code STOPPED}),
 *                    null when the fact leaves the state as it was
 * @param nodeVersion the version the node runs after it, null when the fact leaves the version as it was
 */
public record StepFact(UpgradeId upgradeId, String stepId, NodeId nodeId, StepAction action, String nodeState,
                       Version nodeVersion) {

    /** The step an event settles, or empty when the event is no step's fact. */
    public static Optional<StepFact> of(LedgerEvent event) {
        StepFact fact = null;
        if (event instanceof WorkloadsHalted e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.HALT_WORKLOADS);
        } else if (event instanceof StateExported e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.EXPORT_STATE);
        } else if (event instanceof SchemaMigrated e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.MIGRATE_SCHEMA);
        } else if (event instanceof StateImported e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.IMPORT_STATE);
        } else if (event instanceof WorkloadsMoved e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.MOVE_WORKLOADS);
        } else if (event instanceof DiscoveryGroupRemoved e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.REMOVE_DISCOVERY_GROUP);
        } else if (event instanceof ProcessesRestarted e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.ROLLING_RESTART);
        } else if (event instanceof DiscoveryGroupAdded e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.ADD_DISCOVERY_GROUP);
        } else if (event instanceof WorkloadsResumed e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.RESUME_WORKLOADS);
        } else if (event instanceof NodeIsolated e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.ISOLATE_NODE, "ISOLATED", null);
        } else if (event instanceof NodeUpgraded e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.UPGRADE_NODE, null, e.toVersion());
        } else if (event instanceof NodeVerified e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.VERIFY_NODE, null, null);
        } else if (event instanceof NodeReintegrated e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.REINTEGRATE_NODE, "IN_SERVICE",
                    null);
        } else if (event instanceof PeerRemoved e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.REMOVE_PEER, "REMOVED", null);
        } else if (event instanceof PeerRejoined e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.REJOIN_PEER, "IN_SERVICE", null);
        } else if (event instanceof MissionRevisionsApplied e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.APPLY_MISSION_REVISIONS, null, null);
        } else if (event instanceof UpgradeApproved e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.APPROVAL);
        } else if (event instanceof BatchSoaked e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.SOAK);
        } else if (event instanceof NodeStopped e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.STOP_NODE, "STOPPED", null);
        } else if (event instanceof NodeStarted e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.START_NODE, "IN_SERVICE", null);
        } else if (event instanceof PeerCleaned e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.CLEAN_PEER,
                    e.version() == null ? "REMOVED" : "STOPPED", e.version());
        } else if (event instanceof StateChecked e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.CHECK_STATE, null, null);
        } else if (event instanceof TargetVerified e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.VERIFY_TARGET);
        } else if (event instanceof ServerStopped e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.STOP_SERVER);
        } else if (event instanceof ServerStarted e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.START_SERVER);
        } else if (event instanceof EnvironmentsChecked e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.CHECK_ENVIRONMENTS);
        } else if (event instanceof EnvironmentRecompiled e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.RECOMPILE_ENVIRONMENT);
        } else if (event instanceof EnvironmentResumed e) {
            fact = cluster(e.upgradeId(), e.stepId(), StepAction.RESUME_ENVIRONMENT);
        } else if (event instanceof NodeRolledBack e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId(), StepAction.ROLL_BACK_NODE, null,
                    e.toVersion());
        }
        return Optional.ofNullable(fact);
    }

    private static StepFact cluster(UpgradeId upgradeId, String stepId, StepAction action) {
        return new StepFact(upgradeId, stepId, null, action, null, null);
    }
}
