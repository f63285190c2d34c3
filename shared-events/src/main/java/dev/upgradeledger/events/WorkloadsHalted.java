package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** Workloads of the cluster were stopped (environments halted, sessions terminated). */
@Revision("1")
public record WorkloadsHalted(ClusterId clusterId, UpgradeId upgradeId, String stepId) implements LedgerEvent {
}
