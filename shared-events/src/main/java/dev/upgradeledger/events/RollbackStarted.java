package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** The upgrade is being rolled back: the plan runs backwards for the nodes already upgraded. */
@Revision("1")
public record RollbackStarted(ClusterId clusterId, UpgradeId upgradeId, String reason,
                              UpgradePlan plan) implements LedgerEvent {
}
