package dev.upgradeledger.projection.upgradeprogress;

import dev.upgradeledger.events.InvalidValueException;

/**
 * Which of a cluster's upgrades to list, newest first: optionally only those in one status, and a page: the upgrades
 * requested before the one at sequence {@code before} (null: from the newest), at most {@code limit} of them.
 */
public record UpgradeFilter(UpgradeStatus status, Long before, int limit) {

    public static final int MAX_LIMIT = 500;

    public UpgradeFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (before != null && before < 0) {
            throw new InvalidValueException("after must be the next value of a previous page, was " + before);
        }
    }
}
