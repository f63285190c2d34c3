package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** Workloads run again. */
@Revision("1")
public record WorkloadsResumed(ClusterId clusterId, UpgradeId upgradeId, String stepId,
                               ClusterId onClusterId) implements LedgerEvent {
}
