package dev.upgradeledger.executor.runner;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepStarted;
import java.time.Instant;
import java.util.Map;

/**
 * A started step as the runner needs it. {@code reportTo} is the cluster whose aggregate runs the upgrade (the stream
 * the event came from); {@code clusterId} the cluster the step acts on (the target cluster for some migration steps);
 * {@code traceparent} the trace the step is performed in (the W3C trace context of the span that accepted it), or null.
 */
record StepRequest(String reportTo, String clusterId, String upgradeId, String stepId, int attempt, StepAction action,
                   String nodeId, Map<String, String> parameters, Instant deadline, long managerEpoch,
                   String correlationId, String traceparent) {

    static StepRequest of(EventEnvelope envelope, StepStarted started, String traceparent) {
        return new StepRequest(envelope.clusterId().value(), started.targetClusterId().value(),
                started.upgradeId().value(), started.stepId(), started.attempt(), started.action(),
                started.nodeId() == null ? null : started.nodeId().value(), started.parameters(), started.deadline(),
                started.managerEpoch(), envelope.correlationId(), traceparent);
    }

    /** {@code <cluster>/<upgrade>/<step>/<attempt>}: the driver's idempotency key. */
    String idempotencyKey() {
        return reportTo + "/" + upgradeId + "/" + stepId + "/" + attempt;
    }
}
