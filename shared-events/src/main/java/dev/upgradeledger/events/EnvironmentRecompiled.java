package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * One environment's project was updated and recompiled on the target, and the compile finished and succeeded
 * (Inmanta step 10a and its warning: the environment is resumed only after this).
 *
 * @param targetClusterId the cluster the environment runs on
 * @param environment     the environment (a workload group of the migrated cluster)
 */
@Revision("1")
public record EnvironmentRecompiled(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId targetClusterId,
                                    String environment) implements LedgerEvent {
}
