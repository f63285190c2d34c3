package dev.upgradeledger.support.envelope;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.support.kafka.UnprocessableRecordException;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
    /** The same mapper for values read from within an envelope (the envelope's own end is checked in decode). */
    private final JsonMapper within = json.rebuild().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    public String encode(EventEnvelope envelope) {
        return json.writeValueAsString(new Wire(envelope.eventId(), envelope.eventType(), envelope.eventRevision(),
                envelope.clusterId().value(), envelope.sequence(), envelope.position(), envelope.timestamp(),
                envelope.correlationId(), envelope.causationId(), envelope.actor(), envelope.actorName(),
                envelope.onBehalfOf(), envelope.traceId(), json.valueToTree(envelope.payload())));
    }

    /**
     * Reads the envelope in one pass: its fields as they come, and the payload straight into its event's record when
     * the event type came before it (as {@link #encode} writes it); otherwise the payload is read as a tree first and
     * converted once the type is known. Values of an unexpected JSON kind are read as Jackson would read them into the
     * envelope's fields (coercions included).
     *
     * @throws UnprocessableRecordException when the text is not an envelope, or carries an event type this
     *                                      version of the contract does not know
     */
    public EventEnvelope decode(String text) {
        return decode(text, false, null).envelope();
    }

    /**
     * As {@link #decode}, but reads the payload only of events whose type is in {@code payloadTypes}, for a reader that
     * acts on few types and only files the others (their header: ids, cluster, sequence, position, type). The payload of
     * an event of another type is skipped unread (its JSON still has to be well formed), and the envelope carries a
     * null payload. The event type must still be one this version knows. An envelope that gives its event type only
     * after its payload is read whole.
     *
     * @throws UnprocessableRecordException as {@link #decode}
     */
    public EventEnvelope decode(String text, Set<String> payloadTypes) {
        return decode(text, false, payloadTypes).envelope();
    }

    /**
     * An envelope, and its payload's JSON text exactly as the record carried it (a substring of the record, not
     * written again), for a reader that stores the payload as JSON.
     *
     * @param payloadText the payload's JSON text as it came on the wire
     */
    public record Decoded(EventEnvelope envelope, String payloadText) {
    }

    /**
     * As {@link #decode}, keeping the payload's JSON text as well: a reader that stores the payload as JSON can keep
     * this text instead of writing the decoded event as JSON again.
     *
     * @throws UnprocessableRecordException as {@link #decode}
     */
    public Decoded decodeWithPayloadText(String text) {
        return decode(text, true, null);
    }

    private Decoded decode(String text, boolean keepPayloadText, Set<String> payloadTypes) {
        try (JsonParser parser = within.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new UnprocessableRecordException("not a readable event envelope: not a JSON object", null);
            }
            String eventId = null;
            String eventType = null;
            String eventRevision = null;
            String clusterId = null;
            Long sequence = null;
            Long position = null;
            Instant timestamp = null;
            String correlationId = null;
            String causationId = null;
            String actor = null;
            String actorName = null;
            String onBehalfOf = null;
            String traceId = null;
            LedgerEvent payload = null;
            String payloadText = null;
            JsonNode payloadTree = null;
            Class<? extends LedgerEvent> type = null;
            boolean typeResolved = false;
            boolean payloadSkipped = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "eventId" -> eventId = string(parser, value);
                    case "eventType" -> {
                        eventType = string(parser, value);
                        typeResolved = false;
                    }
                    case "eventRevision" -> eventRevision = string(parser, value);
                    case "clusterId" -> clusterId = string(parser, value);
                    case "sequence" -> sequence = number(parser, value);
                    case "position" -> position = number(parser, value);
                    case "timestamp" -> timestamp = instant(parser, value);
                    case "correlationId" -> correlationId = string(parser, value);
                    case "causationId" -> causationId = string(parser, value);
                    case "actor" -> actor = string(parser, value);
                    case "actorName" -> actorName = string(parser, value);
                    case "onBehalfOf" -> onBehalfOf = string(parser, value);
                    case "traceId" -> traceId = string(parser, value);
                    case "payload" -> {
                        if (!typeResolved) {
                            type = eventType == null ? null : LedgerEvents.forTypeName(eventType).orElse(null);
                            typeResolved = true;
                        }
                        long start = parser.currentTokenLocation().getCharOffset();
                        payloadSkipped = false;
                        if (value == JsonToken.VALUE_NULL) {
                            payload = null;
                            payloadTree = null;
                        } else if (type != null && payloadTypes != null && !payloadTypes.contains(eventType)) {
                            parser.skipChildren();
                            payload = null;
                            payloadTree = null;
                            payloadSkipped = true;
                        } else if (type != null) {
                            payload = within.readValue(parser, type);
                            payloadTree = null;
                        } else {
                            payloadTree = within.readTree(parser);
                            payload = null;
                        }
                        if (keepPayloadText) {
                            payloadText = text.substring((int) start, (int) parser.currentLocation().getCharOffset());
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new UnprocessableRecordException("not a readable event envelope: not one JSON object", null);
            }
            String knownType = eventType;
            Class<? extends LedgerEvent> resolved = Optional.ofNullable(knownType).flatMap(LedgerEvents::forTypeName)
                    .orElseThrow(() -> new UnprocessableRecordException("unknown event type " + knownType, null));
            if (payloadSkipped && type != resolved && payloadTypes.contains(knownType)) {
                throw new UnprocessableRecordException("not a readable event envelope: its event type is given twice",
                        null);
            }
            if (payload == null && payloadTree != null) {
                payload = json.treeToValue(payloadTree, resolved);
            } else if (payload != null && type != resolved) {
                // the event type was given again after the payload: read as that type, as a whole-envelope read would
                payload = json.treeToValue(json.valueToTree(payload), resolved);
            }
            if (eventId == null || clusterId == null || sequence == null || position == null || timestamp == null
                    || (payload == null && !payloadSkipped)) {
                throw new UnprocessableRecordException(
                        "envelope lacks one of eventId, clusterId, sequence, position, timestamp, payload", null);
            }
            return new Decoded(new EventEnvelope(eventId, eventType, eventRevision, ClusterId.of(clusterId), sequence,
                    position, timestamp, correlationId, causationId, actor, payload, actorName, onBehalfOf, traceId),
                    payloadText);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnprocessableRecordException("not a readable event envelope: " + e.getMessage(), e);
        }
    }

    private String string(JsonParser parser, JsonToken value) {
        return switch (value) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NULL -> null;
            default -> within.readValue(parser, String.class);
        };
    }

    private Long number(JsonParser parser, JsonToken value) {
        return switch (value) {
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NULL -> null;
            default -> within.readValue(parser, Long.class);
        };
    }

    private Instant instant(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_STRING) {
            String text = parser.getString();
            Instant instant = utcInstant(text);
            if (instant != null) {
                return instant;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notIso) {
                // read below as Jackson reads it (other forms)
            }
        }
        return value == JsonToken.VALUE_NULL ? null : within.readValue(parser, Instant.class);
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, the form {@link #encode} writes (ISO-8601 in UTC), read
     * without {@link java.time.format.DateTimeFormatter} (several times cheaper); null for any other text, which the
     * caller reads as before.
     */
    static Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, length - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number of text[from, to), or -1 when a character there is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + (ch - '0');
        }
        return value;
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

    /** The envelope as written: {@link #encode} writes its fields in this order, the payload last. */
    private record Wire(String eventId, String eventType, String eventRevision, String clusterId, Long sequence,
                        Long position, Instant timestamp, String correlationId, String causationId, String actor,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String actorName,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String onBehalfOf,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String traceId, JsonNode payload) {
    }
}
