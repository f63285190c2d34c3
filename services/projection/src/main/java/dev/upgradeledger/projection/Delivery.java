package dev.upgradeledger.projection;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka record for the read models: the event it carries, and where it came from. A record that could not be
 * decoded (dead-lettered) has no event; its offset is still recorded, so the read models say they include it.
 *
 * @param envelope    null for an undecodable record
 * @param source      null for an event that came from no Kafka record (tests, tools)
 * @param payloadText the payload's JSON text as the record carried it; null when not kept
 */
public record Delivery(@Nullable EventEnvelope envelope, @Nullable ConsumedOffset source,
                       @Nullable String payloadText) {

    public static Delivery of(EventEnvelope envelope, @Nullable ConsumedOffset source) {
        return new Delivery(envelope, source, null);
    }

    /** A decoded record, its payload's text kept (see {@link EnvelopeCodec#decodeWithPayloadText}). */
    public static Delivery of(EnvelopeCodec.Decoded decoded, ConsumedOffset source) {
        return new Delivery(decoded.envelope(), source, decoded.payloadText());
    }

    public static Delivery undecodable(ConsumedOffset source) {
        return new Delivery(null, source, null);
    }
}
