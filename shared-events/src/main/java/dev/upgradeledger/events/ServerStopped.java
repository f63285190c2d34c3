package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * The server of a cluster of the migration was stopped (Inmanta step 3: the old orchestrator before its dump; step 5:
 * the new one before the restore).
 *
 * @param serverClusterId the cluster whose server stopped (the upgraded cluster or the migration's target)
 */
@Revision("1")
public record ServerStopped(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId serverClusterId)
        implements LedgerEvent {
}
