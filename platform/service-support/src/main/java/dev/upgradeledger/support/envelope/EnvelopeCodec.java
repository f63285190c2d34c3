package dev.upgradeledger.support.envelope;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.support.kafka.UnprocessableRecordException;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads the JSON form of an {@link EventEnvelope}. The mapper is fixed here, not taken from the
 * application's Jackson settings, because the format is a contract between services.
 */
public class EnvelopeCodec {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public String encode(EventEnvelope envelope) {
        return json.writeValueAsString(new Wire(envelope.eventId(), envelope.eventType(), envelope.eventRevision(),
                envelope.clusterId().value(), envelope.sequence(), envelope.position(), envelope.timestamp(),
                envelope.correlationId(), envelope.causationId(), envelope.actor(), envelope.actorName(),
                envelope.onBehalfOf(), json.valueToTree(envelope.payload())));
    }

    /**
     * @throws UnprocessableRecordException when the text is not an envelope, or carries an event type this
     *                                      version of the contract does not know
     */
    public EventEnvelope decode(String text) {
        try {
            Wire wire = json.readValue(text, Wire.class);
            Class<? extends LedgerEvent> type = LedgerEvents.forTypeName(wire.eventType())
                    .orElseThrow(() -> new UnprocessableRecordException(
                            "unknown event type " + wire.eventType(), null));
            if (wire.eventId() == null || wire.clusterId() == null || wire.sequence() == null
                    || wire.position() == null || wire.timestamp() == null || wire.payload() == null) {
                throw new UnprocessableRecordException(
                        "envelope lacks one of eventId, clusterId, sequence, position, timestamp, payload", null);
            }
            LedgerEvent payload = json.treeToValue(wire.payload(), type);
            return new EventEnvelope(wire.eventId(), wire.eventType(), wire.eventRevision(),
                    ClusterId.of(wire.clusterId()), wire.sequence(), wire.position(), wire.timestamp(),
                    wire.correlationId(), wire.causationId(), wire.actor(), payload, wire.actorName(),
                    wire.onBehalfOf());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnprocessableRecordException("not a readable event envelope: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an event's payload alone, as stored apart from its envelope (the projection's history keeps it as JSON).
     *
     * @throws UnprocessableRecordException when the type is unknown or the text is not a payload of that type
     */
    public LedgerEvent decodePayload(String eventType, String payload) {
        Class<? extends LedgerEvent> type = LedgerEvents.forTypeName(eventType)
                .orElseThrow(() -> new UnprocessableRecordException("unknown event type " + eventType, null));
        try {
            return json.readValue(payload, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnprocessableRecordException("not a readable " + eventType + ": " + e.getMessage(), e);
        }
    }

    private record Wire(String eventId, String eventType, String eventRevision, String clusterId, Long sequence,
                        Long position, Instant timestamp, String correlationId, String causationId, String actor,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String actorName,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String onBehalfOf, JsonNode payload) {
    }
}
