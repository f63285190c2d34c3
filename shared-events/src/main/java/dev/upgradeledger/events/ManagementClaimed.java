package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * A ledger deployment became the cluster's manager; every started step carries its epoch, so steps of an older
 * manager are recognised as stale.
 */
@Revision("1")
public record ManagementClaimed(ClusterId clusterId, String managerId, long epoch) implements LedgerEvent {
}
