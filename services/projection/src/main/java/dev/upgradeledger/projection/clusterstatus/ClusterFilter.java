package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterLabels;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.Version;
import java.util.Map;

/**
 * Which clusters to list, by id: of one product, in one {@link ClusterStatus}, with a node on one version, carrying
 * every label of {@code labels} (each optional); a page: the clusters after id {@code after} (null: from the first), at
 * most {@code limit} (null: all).
 */
public record ClusterFilter(String product, ClusterStatus status, Version version, Map<String, String> labels,
                            ClusterId after, Integer limit) {

    public static final int MAX_LIMIT = 500;

    public ClusterFilter {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new InvalidValueException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        labels = ClusterLabels.of(labels);
        if (product != null && product.isBlank()) {
            throw new InvalidValueException("product must not be blank");
        }
    }
}
