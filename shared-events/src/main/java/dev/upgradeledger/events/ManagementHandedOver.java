package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** Management of the cluster (or, after a migration, of its moved workloads) passed to another manager. */
@Revision("1")
public record ManagementHandedOver(ClusterId clusterId, String fromManagerId, String toManagerId,
                                   long epoch) implements LedgerEvent {
}
