package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A node passed its checks on its new version. */
@Revision("1")
public record NodeVerified(ClusterId clusterId, UpgradeId upgradeId, String stepId,
                           NodeId nodeId) implements LedgerEvent {
}
