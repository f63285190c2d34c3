package dev.upgradeledger.projection;

import dev.upgradeledger.events.EventEnvelope;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka record for the read models: the event it carries, and where it came from. A record that could not be
 * decoded (dead-lettered) has no event; its offset is still recorded, so the read models say they include it.
 *
 * @param envelope null for an undecodable record
 * @param source   null for an event that came from no Kafka record (tests, tools)
 */
public record Delivery(@Nullable EventEnvelope envelope, @Nullable ConsumedOffset source) {

    public static Delivery of(EventEnvelope envelope, @Nullable ConsumedOffset source) {
        return new Delivery(envelope, source);
    }

    public static Delivery undecodable(ConsumedOffset source) {
        return new Delivery(null, source);
    }
}
