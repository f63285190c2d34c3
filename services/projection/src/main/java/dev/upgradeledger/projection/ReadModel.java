package dev.upgradeledger.projection;

import dev.upgradeledger.events.EventEnvelope;
import java.util.List;
import java.util.function.Function;

/**
 * A read model: told of every new event of a cluster once, in order, inside the transaction that records it. Events
 * come in batches (one per Kafka poll): each event of the batch is new, each cluster's events are in sequence order,
 * and a read model writes what the whole batch changed with a few batched statements. Its tables live in the
 * projection's schema, each with a primary key, and every column is derived from the events only, so a rebuild yields
 * identical rows (see the recovery package). A read model that announces anything to the rest of the application does
 * so only when {@link ReadModelTarget#isLive()}.
 */
public interface ReadModel {

    /** Applies the batch's new events, in the caller's transaction. */
    void apply(List<EventEnvelope> events);

    /**
     * Applies the batch's new events, in the caller's transaction, given each event's payload JSON text as its Kafka
     * record carried it (null when not known), for a read model that stores payloads as JSON. The others need not
     * implement it.
     */
    default void apply(List<EventEnvelope> events, Function<EventEnvelope, String> payloadTexts) {
        apply(events);
    }
}
