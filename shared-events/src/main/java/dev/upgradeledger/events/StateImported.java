package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** A state dump was imported into the (target) cluster; the checksum matches the export. */
@Revision("1")
public record StateImported(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId intoClusterId,
                            String checksum) implements LedgerEvent {
}
