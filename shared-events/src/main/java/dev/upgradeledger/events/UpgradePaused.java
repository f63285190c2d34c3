package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** The upgrade stopped starting steps, by an operator or after a failure. */
@Revision("1")
public record UpgradePaused(ClusterId clusterId, UpgradeId upgradeId, String reason) implements LedgerEvent {
}
