package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * A peer's state checksum was read (IPFS Cluster bootstrap). The survivor's is recorded as the reference; a rejoined
 * peer's is recorded only when it equals the reference (else its step fails, naming the peer and both checksums).
 *
 * @param checksum           the peer's state checksum
 * @param referenceNodeId    the peer whose state it must equal (the survivor), null for the reference itself
 * @param referenceChecksum  the checksum recorded for {@code referenceNodeId}, null for the reference itself
 */
@Revision("1")
public record StateChecked(ClusterId clusterId, UpgradeId upgradeId, String stepId, NodeId nodeId, String checksum,
                           NodeId referenceNodeId, String referenceChecksum) implements LedgerEvent {
}
