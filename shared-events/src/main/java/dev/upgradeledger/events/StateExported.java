package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** The cluster's state was exported: a dump that can be imported or restored, with its checksum. */
@Revision("1")
public record StateExported(ClusterId clusterId, UpgradeId upgradeId, String stepId, String checksum,
                            String dumpRef) implements LedgerEvent {
}
