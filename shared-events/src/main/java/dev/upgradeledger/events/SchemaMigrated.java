package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** The database schema or state format of the cluster now has the given version. */
@Revision("1")
public record SchemaMigrated(ClusterId clusterId, UpgradeId upgradeId, String stepId, Version fromSchemaVersion,
                             Version toSchemaVersion) implements LedgerEvent {
}
