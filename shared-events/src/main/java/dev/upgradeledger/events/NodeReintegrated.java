package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A node was put back into service. */
@Revision("1")
public record NodeReintegrated(ClusterId clusterId, UpgradeId upgradeId, String stepId,
                               NodeId nodeId) implements LedgerEvent {
}
