package dev.upgradeledger.events;

import java.time.Instant;

/**
 * One stored event as published on {@link LedgerTopics#EVENTS}: the event plus where it stands in the history.
 *
 * @param eventId       unique id of the event (the event store's event identifier); consumers de-duplicate by it
 * @param eventType     wire name of the payload type, see {@link LedgerEvents}
 * @param eventRevision revision of the payload type ({@code @Revision})
 * @param clusterId     the cluster the event belongs to; also the record key
 * @param sequence      the event's position in its cluster's history, 0 for {@code ClusterRegistered}, without gaps
 * @param position      the event's global position in the event store; increases, may have gaps
 * @param timestamp     when the event was stored
 * @param correlationId the originating request
 * @param causationId   the message that directly caused the event
 * @param actor         who caused it: the authenticated principal's {@code sub} (for a service acting for a person,
 *                      the service)
 * @param payload       the event itself; null only where a reader read the envelope's header alone (the executor,
 *                      for the events it does not act on)
 * @param actorName     the actor's display name, when known
 * @param onBehalfOf    the person a trusted service acted for, or null
 * @param traceId       the OpenTelemetry trace the event was stored in (32 lower-case hex digits), or null for an event
 *                      stored without one; the record's {@code traceparent} header carries the publishing span
 */
public record EventEnvelope(String eventId, String eventType, String eventRevision, ClusterId clusterId,
                            long sequence, long position, Instant timestamp, String correlationId,
                            String causationId, String actor, LedgerEvent payload, String actorName,
                            String onBehalfOf, String traceId) {

    /** An envelope without a trace id. */
    public EventEnvelope(String eventId, String eventType, String eventRevision, ClusterId clusterId, long sequence,
                         long position, Instant timestamp, String correlationId, String causationId, String actor,
                         LedgerEvent payload, String actorName, String onBehalfOf) {
        this(eventId, eventType, eventRevision, clusterId, sequence, position, timestamp, correlationId, causationId,
                actor, payload, actorName, onBehalfOf, null);
    }

    /** An envelope that names its actor only. */
    public EventEnvelope(String eventId, String eventType, String eventRevision, ClusterId clusterId, long sequence,
                         long position, Instant timestamp, String correlationId, String causationId, String actor,
                         LedgerEvent payload) {
        this(eventId, eventType, eventRevision, clusterId, sequence, position, timestamp, correlationId, causationId,
                actor, payload, null, null, null);
    }
}
