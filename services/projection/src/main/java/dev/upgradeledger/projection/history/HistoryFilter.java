package dev.upgradeledger.projection.history;

import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.LedgerEvents;
import java.time.Instant;
import java.util.List;

/**
 * What to read of a cluster's history: event types, a time range (from inclusive, to exclusive), an upgrade, a node,
 * an actor, and a page: the events after sequence {@code after}, at most {@code limit} of them.
 */
public record HistoryFilter(List<String> types, Instant from, Instant to, String upgradeId, String nodeId,
                            String actor, long after, int limit) {

    public static final int MAX_LIMIT = 500;

    public HistoryFilter {
        types = types == null ? List.of() : List.copyOf(types);
        for (String type : types) {
            if (LedgerEvents.forTypeName(type).isEmpty()) {
                throw new InvalidValueException("type " + type + " is not an event type of the ledger");
            }
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidValueException("from must be before to");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (after < -1) {
            throw new InvalidValueException("after must be a sequence number, was " + after);
        }
    }
}
