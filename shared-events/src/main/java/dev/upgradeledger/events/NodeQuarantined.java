package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A node failed for good and was set aside; the upgrade goes on without it within its failure budget. */
@Revision("1")
public record NodeQuarantined(ClusterId clusterId, UpgradeId upgradeId, String stepId, NodeId nodeId,
                              String reason) implements LedgerEvent {
}
