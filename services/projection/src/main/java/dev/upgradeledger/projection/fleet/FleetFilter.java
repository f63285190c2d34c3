package dev.upgradeledger.projection.fleet;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.UpgradeId;
import org.jspecify.annotations.Nullable;

/**
 * Which fleet upgrades to list, by id: of one product, in one status, that took one cluster (each optional); a page:
 * those after fleet id {@code after} (null: from the first), at most {@code limit} (default {@value #DEFAULT_LIMIT}).
 */
public record FleetFilter(@Nullable String product, @Nullable FleetStatus status, @Nullable ClusterId clusterId,
                          @Nullable UpgradeId after, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public FleetFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (product != null && (product.isBlank() || product.length() > 64)) {
            throw new InvalidValueException("product must be 1 to 64 characters");
        }
    }
}
