package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A stopped peer was started again (IPFS Cluster bootstrap: the survivor restarts as a single-peer cluster). */
@Revision("1")
public record NodeStarted(ClusterId clusterId, UpgradeId upgradeId, String stepId, NodeId nodeId)
        implements LedgerEvent {
}
