package dev.upgradeledger.projection.clusterstatus;

import java.time.Instant;

/**
 * A cluster as the dashboards list it.
 *
 * @param version            the version the cluster has converged on (its last completed upgrade)
 * @param lastSequence       the sequence of the last event of the cluster this view includes
 * @param lastPosition       the event-store position of that event
 * @param upgrade            the latest upgrade: its id, status (RUNNING, PAUSED, ROLLING_BACK, COMPLETED,
 *                           ROLLED_BACK, ABORTED, FAILED, FINALIZED) and target; all null before the first
 * @param mixedVersionWindow nodes run different versions, or an upgrade completed without being finalized: features
 *                           of the new version must not be used yet
 */
public record ClusterSummary(String clusterId, String product, String version, String schemaVersion, int nodeCount,
                             Instant registeredAt, Instant updatedAt, long lastSequence, long lastPosition,
                             Upgrade upgrade, boolean mixedVersionWindow, boolean retired) {

    public record Upgrade(String upgradeId, String status, String targetVersion) {
    }
}
