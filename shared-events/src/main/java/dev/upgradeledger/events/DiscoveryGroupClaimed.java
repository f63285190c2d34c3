package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * {@code managerClusterId} now manages the discovery group {@code group} of the cluster {@code clusterId} (the group's
 * home: the cluster whose nodes carry it). Exactly one cluster manages a group at a time; {@code epoch} rises with
 * every claim and release of the group (its fencing token: a driver may refuse actions of an older epoch). Recorded by
 * a live move's {@code ADD_DISCOVERY_GROUP} step ({@code upgradeId} and {@code stepId} set) or by
 * {@link ClaimDiscoveryGroup} (both null).
 */
@Revision("1")
public record DiscoveryGroupClaimed(ClusterId clusterId, String group, ClusterId managerClusterId, long epoch,
                                    UpgradeId upgradeId, String stepId) implements LedgerEvent {
}
