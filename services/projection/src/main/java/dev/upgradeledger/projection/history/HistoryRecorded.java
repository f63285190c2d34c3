package dev.upgradeledger.projection.history;

import dev.upgradeledger.events.EventEnvelope;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event was added to a cluster's history under {@code streamId}; published (in a {@link HistoryBatchRecorded})
 * inside the recording transaction. The entry, with the payload as a JSON tree, is built only when asked for (by the
 * live stream, when someone listens).
 */
public record HistoryRecorded(String clusterId, long streamId, EventEnvelope envelope, String upgradeId,
                              String nodeId, String stepId) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The history entry as the history API answers it. */
    public HistoryEntry entry() {
        return new HistoryEntry(envelope.sequence(), envelope.position(), envelope.eventId(), envelope.eventType(),
                envelope.timestamp(), envelope.actor(), envelope.correlationId(), envelope.causationId(), upgradeId,
                nodeId, stepId, JSON.valueToTree(envelope.payload()), envelope.traceId());
    }
}
