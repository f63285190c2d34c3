package dev.upgradeledger.events;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A step was started: the executor performs it and reports the outcome with the same step id, attempt and manager
 * epoch. A report after the deadline is late.
 */
@Revision("1")
public record StepStarted(ClusterId clusterId, UpgradeId upgradeId, String stepId, StepAction action,
                          ClusterId targetClusterId, NodeId nodeId, Map<String, String> parameters, int attempt,
                          Instant deadline, long managerEpoch) implements LedgerEvent {

    public StepStarted {
        parameters = Map.copyOf(parameters);
    }
}
