package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * A completed upgrade will not be finalized: the next upgrade may start. New-version features stay off (the
 * upgrade was never finalized).
 */
@Revision("1")
public record UpgradeAbandoned(ClusterId clusterId, UpgradeId upgradeId, String reason) implements LedgerEvent {
}
