package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A node joined the cluster, running the given version. */
@Revision("1")
public record NodeAdded(ClusterId clusterId, NodeSpec node, Version version) implements LedgerEvent {
}
