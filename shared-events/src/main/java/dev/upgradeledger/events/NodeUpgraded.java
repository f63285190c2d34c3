package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A node now runs the given version. */
@Revision("1")
public record NodeUpgraded(ClusterId clusterId, UpgradeId upgradeId, String stepId, NodeId nodeId,
                           Version fromVersion, Version toVersion) implements LedgerEvent {
}
