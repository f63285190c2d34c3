package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * The target of a migration was validated before anything was halted (Inmanta step 1: the new orchestrator runs the
 * target version and its setup works).
 *
 * @param targetClusterId the cluster that takes over
 * @param version         the version it was found running
 */
@Revision("1")
public record TargetVerified(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId targetClusterId,
                             Version version) implements LedgerEvent {
}
