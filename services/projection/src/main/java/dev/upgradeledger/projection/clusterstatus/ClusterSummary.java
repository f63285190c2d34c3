package dev.upgradeledger.projection.clusterstatus;

import java.time.Instant;
import java.util.List;

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
 * @param status             the cluster's upgrade and convergence status, see {@link ClusterStatus}
 * @param versions           the versions its nodes run, in text order
 * @param manager            the ledger deployment allowed to drive it, null before one claimed it
 */
public record ClusterSummary(String clusterId, String product, String version, String schemaVersion, int nodeCount,
                             Instant registeredAt, Instant updatedAt, long lastSequence, long lastPosition,
                             Upgrade upgrade, boolean mixedVersionWindow, boolean retired, ClusterStatus status,
                             List<String> versions, Manager manager) {

    public record Upgrade(String upgradeId, String status, String targetVersion) {
    }

    /** @param epoch raised by every claim and hand-over; steps of an older epoch are stale */
    public record Manager(String managerId, long epoch) {
    }
}
