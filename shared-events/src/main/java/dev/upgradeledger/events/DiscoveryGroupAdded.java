package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * Replicante live move (guide step 6.3): the discovery backends of {@code group} were added to the configuration of
 * {@code onClusterId}, which from now on manages the group ({@link DiscoveryGroupClaimed} follows).
 */
@Revision("1")
public record DiscoveryGroupAdded(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId onClusterId,
                                  String group) implements LedgerEvent {
}
