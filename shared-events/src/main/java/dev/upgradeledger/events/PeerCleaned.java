package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * IPFS Cluster disaster recovery ({@link UpgradeStrategy#RESTORE}): a stopped peer's cluster state was wiped. With a
 * {@code version} the peer was set up afresh on that version, the one the export was taken on, to import it (guide
 * step 3); without one it was fully cleaned and stays out of the cluster until it rejoins (guide step 8).
 *
 * @param version the version the peer runs after its set-up, or null when it was only cleaned
 */
@Revision("1")
public record PeerCleaned(ClusterId clusterId, UpgradeId upgradeId, String stepId, NodeId nodeId, Version version)
        implements LedgerEvent {
}
