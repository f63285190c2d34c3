package dev.upgradeledger.projection;

import java.util.List;

/**
 * The events of one batch that changed the live read models, in the order they were applied; published once per batch
 * inside the applying transaction (listeners use {@code @TransactionalEventListener}, so they hear of it after the
 * commit). Never holds a duplicate.
 */
public record EventsApplied(List<EventApplied> events) {

    public EventsApplied {
        events = List.copyOf(events);
    }
}
