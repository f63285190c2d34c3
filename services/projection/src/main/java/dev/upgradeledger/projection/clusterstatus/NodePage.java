package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.NodeId;

/**
 * Which of a cluster's nodes to answer, by id: those after node {@code after} (null: from the first), at most
 * {@code limit}.
 */
public record NodePage(String after, int limit) {

    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 2_000;

    public NodePage {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** The page after node {@code after} (null for the first; checked as a node id), checked. */
    public static NodePage of(String after, Integer limit) {
        return new NodePage(after == null ? null : NodeId.of(after).value(), limit == null ? DEFAULT_LIMIT : limit);
    }
}
