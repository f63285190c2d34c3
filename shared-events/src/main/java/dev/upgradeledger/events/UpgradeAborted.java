package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** The upgrade was given up; nodes stay where they are. */
@Revision("1")
public record UpgradeAborted(ClusterId clusterId, UpgradeId upgradeId, String reason) implements LedgerEvent {
}
