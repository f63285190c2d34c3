package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * Replicante live move (guide steps 4 and 6.1): the discovery backends of {@code group} ({@code *}: every backend)
 * were removed from the configuration of {@code onClusterId}. Its processes still act on the old configuration until
 * they are restarted ({@link ProcessesRestarted}).
 */
@Revision("1")
public record DiscoveryGroupRemoved(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId onClusterId,
                                    String group) implements LedgerEvent {
}
