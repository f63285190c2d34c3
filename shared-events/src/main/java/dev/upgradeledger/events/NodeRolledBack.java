package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A node was returned to its previous version by a rollback. */
@Revision("1")
public record NodeRolledBack(ClusterId clusterId, UpgradeId upgradeId, String stepId, NodeId nodeId,
                             Version toVersion) implements LedgerEvent {
}
