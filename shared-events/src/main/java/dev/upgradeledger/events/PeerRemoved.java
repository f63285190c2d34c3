package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A peer was removed from the cluster's membership (REJOIN strategy). */
@Revision("1")
public record PeerRemoved(ClusterId clusterId, UpgradeId upgradeId, String stepId,
                          NodeId nodeId) implements LedgerEvent {
}
