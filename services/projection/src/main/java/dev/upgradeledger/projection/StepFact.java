package dev.upgradeledger.projection;

import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeRolledBack;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.NodeVerified;
import dev.upgradeledger.events.PeerRejoined;
import dev.upgradeledger.events.PeerRemoved;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StateExported;
import dev.upgradeledger.events.StateImported;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.WorkloadsHalted;
import dev.upgradeledger.events.WorkloadsMoved;
import dev.upgradeledger.events.WorkloadsResumed;
import java.util.Optional;

/**
 * A fact a successful step established: the command side records exactly one of these events when a step succeeds
 * (see {@code StepFacts} in command-api), so each one settles its step.
 *
 * @param nodeId the node the fact is about, null for a cluster-wide fact
 */
public record StepFact(UpgradeId upgradeId, String stepId, NodeId nodeId) {

    /** The step an event settles, or empty when the event is no step's fact. */
    public static Optional<StepFact> of(LedgerEvent event) {
        StepFact fact = null;
        if (event instanceof WorkloadsHalted e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), null);
        } else if (event instanceof StateExported e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), null);
        } else if (event instanceof SchemaMigrated e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), null);
        } else if (event instanceof StateImported e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), null);
        } else if (event instanceof WorkloadsMoved e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), null);
        } else if (event instanceof WorkloadsResumed e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), null);
        } else if (event instanceof NodeIsolated e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId());
        } else if (event instanceof NodeUpgraded e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId());
        } else if (event instanceof NodeVerified e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId());
        } else if (event instanceof NodeReintegrated e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId());
        } else if (event instanceof PeerRemoved e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId());
        } else if (event instanceof PeerRejoined e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId());
        } else if (event instanceof NodeRolledBack e) {
            fact = new StepFact(e.upgradeId(), e.stepId(), e.nodeId());
        }
        return Optional.ofNullable(fact);
    }
}
