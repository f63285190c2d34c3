package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** The upgrade was closed: the mixed-version window is over and new-version features may be used. */
@Revision("1")
public record UpgradeFinalized(ClusterId clusterId, UpgradeId upgradeId, Version version) implements LedgerEvent {
}
