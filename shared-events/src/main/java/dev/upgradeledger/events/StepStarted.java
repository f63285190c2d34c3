package dev.upgradeledger.events;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A step was started: the executor performs it and reports the outcome with the same step id, attempt and manager
 * epoch. A report after the deadline is late.
 *
 * @param deadlineId command-api's handle on the step's time-out, so that the time-out is cancelled when the outcome
 *                   arrives; consumers have no use for it. Null in events stored before it was added.
 */
@Revision("1")
public record StepStarted(ClusterId clusterId, UpgradeId upgradeId, String stepId, StepAction action,
                          ClusterId targetClusterId, NodeId nodeId, Map<String, String> parameters, int attempt,
                          Instant deadline, long managerEpoch, String deadlineId) implements LedgerEvent {

    public StepStarted {
        parameters = Map.copyOf(parameters);
    }

    /** A started step without a time-out handle (tests, tools, events stored before the handle existed). */
    public StepStarted(ClusterId clusterId, UpgradeId upgradeId, String stepId, StepAction action,
                       ClusterId targetClusterId, NodeId nodeId, Map<String, String> parameters, int attempt,
                       Instant deadline, long managerEpoch) {
        this(clusterId, upgradeId, stepId, action, targetClusterId, nodeId, parameters, attempt, deadline,
                managerEpoch, null);
    }
}
