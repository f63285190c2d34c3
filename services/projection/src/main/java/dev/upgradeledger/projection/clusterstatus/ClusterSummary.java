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
 * @param labels             its labels, in key order (empty when it has none)
 *
 * <p>{@code newFeaturesAllowed} (derived): the feature gate of the finalize rule ({@code finalize-before-next-upgrade},
 * Camunda: "during the whole process of the rolling upgrade it is not permitted to use new features"): true when
 * every node runs one version and no upgrade is running or waiting to be finalized.
 */
public record ClusterSummary(String clusterId, String product, String version, String schemaVersion, int nodeCount,
                             Instant registeredAt, Instant updatedAt, long lastSequence, long lastPosition,
                             Upgrade upgrade, boolean mixedVersionWindow, boolean retired, ClusterStatus status,
                             List<String> versions, Manager manager, java.util.Map<String, String> labels) {

    private static final java.util.Set<String> OPEN = java.util.Set.of("REQUESTED", "RUNNING", "AWAITING_APPROVAL", "PAUSED",
            "ROLLING_BACK");

    /** Whether clients may use the new version's features now (the feature gate). */
    @com.fasterxml.jackson.annotation.JsonProperty("newFeaturesAllowed")
    public boolean newFeaturesAllowed() {
        return !mixedVersionWindow && versions.size() <= 1
                && (upgrade == null || upgrade.status() == null || !OPEN.contains(upgrade.status()));
    }

    public record Upgrade(String upgradeId, String status, String targetVersion) {
    }

    /** @param epoch raised by every claim and hand-over; steps of an older epoch are stale */
    public record Manager(String managerId, long epoch) {
    }
}
