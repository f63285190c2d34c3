package dev.upgradeledger.events;

/**
 * Metadata keys every stored event carries, copied into the {@link EventEnvelope}.
 *
 * <ul>
 *   <li>{@value #ACTOR}: who caused the event: the authenticated principal ({@code sub}) of a user or a service;</li>
 *   <li>{@value #ACTOR_NAME}: the actor's display name (optional);</li>
 *   <li>{@value #ON_BEHALF_OF}: the person a trusted service acted for (optional);</li>
 *   <li>{@value #CORRELATION_ID}: the originating request, shared by everything that request led to;</li>
 *   <li>{@value #CAUSATION_ID}: the id of the message (command) that directly caused the event;</li>
 *   <li>{@value #TRACE_ID}: the OpenTelemetry trace the event was stored in (32 hex digits; optional: absent on events
 *       stored without a trace);</li>
 *   <li>{@value #TRACEPARENT}: the W3C {@code traceparent} of the span that stored the event, so that work done for the
 *       event later (its publishing) joins that trace (optional).</li>
 * </ul>
 */
public final class AuditMetadata {

    public static final String ACTOR = "actor";
    public static final String ACTOR_NAME = "actorName";
    public static final String ON_BEHALF_OF = "onBehalfOf";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String TRACE_ID = "traceId";
    public static final String TRACEPARENT = "traceparent";

    /** The actor recorded when a caller names none. */
    public static final String ANONYMOUS = "anonymous";

    private AuditMetadata() {
    }
}
