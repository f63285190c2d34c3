package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A peer rejoined the cluster and received a full copy of the state (REJOIN strategy). */
@Revision("1")
public record PeerRejoined(ClusterId clusterId, UpgradeId upgradeId, String stepId,
                           NodeId nodeId) implements LedgerEvent {
}
