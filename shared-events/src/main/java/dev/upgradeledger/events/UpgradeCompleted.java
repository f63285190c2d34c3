package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * Every step of the upgrade succeeded (or was rolled back, for a rollback). Until it is finalized, the cluster may
 * still be in a mixed-version window.
 */
@Revision("1")
public record UpgradeCompleted(ClusterId clusterId, UpgradeId upgradeId, Version version, Version schemaVersion,
                               boolean rolledBack) implements LedgerEvent {
}
