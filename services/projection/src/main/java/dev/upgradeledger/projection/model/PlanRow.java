package dev.upgradeledger.projection.model;

import java.time.Instant;

/** A plan of an upgrade (a hop, or the rollback), one field per column of {@code upgrade_plan}. */
public final class PlanRow {

    public String clusterId;
    public String upgradeId;
    public int planNo;
    /** {@code HOP} or {@code ROLLBACK}. */
    public String kind;
    public String fromVersion;
    public String toVersion;
    public String toSchemaVersion;
    public String reason;
    public Instant plannedAt;
    public long lastSequence;
    public long lastPosition;
}
