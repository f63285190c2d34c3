package dev.upgradeledger.projection.history;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One event of a cluster's history as the projection recorded it.
 *
 * @param traceId the OpenTelemetry trace the event was stored in (32 lower-case hex digits: the id to look up in the
 *                tracing backend), or null for an event stored without one
 */
public record HistoryEntry(long sequence, long position, String eventId, String eventType, Instant occurredAt,
                           String actor, String correlationId, String causationId, String upgradeId, String nodeId,
                           String stepId, JsonNode payload, String traceId) {
}
