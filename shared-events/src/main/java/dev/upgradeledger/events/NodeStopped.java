package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A peer was shut down (IPFS Cluster: before its state is upgraded, the peer is offline). */
@Revision("1")
public record NodeStopped(ClusterId clusterId, UpgradeId upgradeId, String stepId, NodeId nodeId)
        implements LedgerEvent {
}
