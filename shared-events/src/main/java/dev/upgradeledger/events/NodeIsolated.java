package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A node was taken out of service: disconnected from the load balancer and the shared database. */
@Revision("1")
public record NodeIsolated(ClusterId clusterId, UpgradeId upgradeId, String stepId,
                           NodeId nodeId) implements LedgerEvent {
}
