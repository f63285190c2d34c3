package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** The cluster was retired by an explicit command; its history stays. */
@Revision("1")
public record ClusterRetired(ClusterId clusterId, String reason) implements LedgerEvent {
}
