package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** An attempt of a step passed its deadline without an outcome. */
@Revision("1")
public record StepTimedOut(ClusterId clusterId, UpgradeId upgradeId, String stepId, int attempt,
                           boolean willRetry) implements LedgerEvent {
}
