package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A node left the cluster for good. */
@Revision("1")
public record NodeRemoved(ClusterId clusterId, NodeId nodeId) implements LedgerEvent {
}
