package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A paused upgrade goes on. */
@Revision("1")
public record UpgradeResumed(ClusterId clusterId, UpgradeId upgradeId) implements LedgerEvent {
}
