package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/** An attempt of a step failed; {@code willRetry} says whether another attempt follows. */
@Revision("1")
public record StepFailed(ClusterId clusterId, UpgradeId upgradeId, String stepId, int attempt, String code,
                         String message, boolean retryable, boolean willRetry) implements LedgerEvent {
}
