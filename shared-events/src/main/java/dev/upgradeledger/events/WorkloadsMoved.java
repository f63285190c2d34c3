package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** The workloads of one group (an environment, a discovery group) now run on the target cluster. */
@Revision("1")
public record WorkloadsMoved(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId toClusterId,
                             String group) implements LedgerEvent {
}
