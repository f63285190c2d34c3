package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * The server of a cluster of the migration was started again (Inmanta step 8: the new orchestrator, which migrates
 * its database on start).
 *
 * @param serverClusterId the cluster whose server started
 */
@Revision("1")
public record ServerStarted(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId serverClusterId)
        implements LedgerEvent {
}
