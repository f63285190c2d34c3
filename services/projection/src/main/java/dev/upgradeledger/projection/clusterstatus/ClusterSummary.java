package dev.upgradeledger.projection.clusterstatus;

import java.time.Instant;

/**
 * A cluster as the dashboards list it.
 *
 * @param lastSequence the sequence of the last event of the cluster this view includes
 * @param lastPosition the event-store position of that event
 */
public record ClusterSummary(String clusterId, String product, String version, String schemaVersion, int nodeCount,
                             Instant registeredAt, Instant updatedAt, long lastSequence, long lastPosition) {
}
