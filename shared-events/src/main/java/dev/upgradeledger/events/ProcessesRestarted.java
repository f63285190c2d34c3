package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * Replicante live move (guide steps 5, 6.2 and 6.4): every process of {@code onClusterId} was restarted, one at a
 * time, and now acts on its discovery configuration; {@code group} is the group the restart was for ({@code *}: the
 * new cluster's start with no discovery backends).
 */
@Revision("1")
public record ProcessesRestarted(ClusterId clusterId, UpgradeId upgradeId, String stepId, ClusterId onClusterId,
                                 String group) implements LedgerEvent {
}
