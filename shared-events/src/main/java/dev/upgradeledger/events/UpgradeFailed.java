package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** The upgrade ended without reaching its target. */
@Revision("1")
public record UpgradeFailed(ClusterId clusterId, UpgradeId upgradeId, String reason) implements LedgerEvent {
}
