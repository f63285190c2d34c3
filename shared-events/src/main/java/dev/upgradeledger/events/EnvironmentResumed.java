package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * One environment was resumed on the target, after its compile succeeded (Inmanta step 10b).
 *
 * @param targetClusterId the cluster the environment runs on
 * @param environment     the environment (a workload group of the migrated cluster)
 */
@Revision("1")
public record EnvironmentResumed(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId targetClusterId,
                                 String environment) implements LedgerEvent {
}
