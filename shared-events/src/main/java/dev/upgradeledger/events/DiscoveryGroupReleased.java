package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * {@code managerClusterId} no longer manages the discovery group {@code group} of the cluster {@code clusterId}; no
 * cluster manages it until the next {@link DiscoveryGroupClaimed}. Recorded by a live move once the old cluster's
 * processes were restarted without the group ({@code upgradeId} and {@code stepId} set), or by
 * {@link ReleaseDiscoveryGroup} (both null). {@code epoch} is the group's new epoch.
 */
@Revision("1")
public record DiscoveryGroupReleased(ClusterId clusterId, String group, ClusterId managerClusterId, long epoch,
                                     UpgradeId upgradeId, String stepId) implements LedgerEvent {
}
