package dev.upgradeledger.projection.model;

import java.time.Instant;

/**
 * A cluster as its events made it, one field per column of {@code cluster_status}, plus the strategy and the from
 * version of its current upgrade's hop (kept by the model, not stored with the cluster). A working copy: the
 * transitions change it in place.
 */
public final class ClusterRow {

    public String clusterId;
    public String product;
    public String version;
    public String schemaVersion;
    public int nodeCount;
    public Instant registeredAt;
    public Instant updatedAt;
    public long lastSequence;
    public long lastPosition;
    public String lastEventId;
    public String upgradeId;
    public String upgradeStatus;
    public String targetVersion;
    public boolean mixedVersionWindow;
    public boolean retired;
    public String managerId;
    public long managerEpoch;
    public boolean rollingBack;
    /** Whether the upgrade in {@link #upgradeId} awaits an approval (also while paused). */
    public boolean approvalPending;
    /** The strategy of the upgrade in {@link #upgradeId}. */
    public String strategy;
    /** The cluster's labels (key order), as its registration or its last {@code ClusterLabelsChanged} set them. */
    public java.util.Map<String, String> labels = java.util.Map.of();
    /** The version the current hop of that upgrade started from (time travel only; not stored). */
    public String fromVersion;
}
