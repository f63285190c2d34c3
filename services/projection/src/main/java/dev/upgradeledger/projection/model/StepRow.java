package dev.upgradeledger.projection.model;

import java.time.Instant;

/**
 * A step of a plan, one field per column of {@code upgrade_step}. A working copy, changed in place.
 *
 * @see UpgradeTransition for what moves it
 */
public final class StepRow {

    public String clusterId;
    public String upgradeId;
    public int planNo;
    public String stepId;
    public int stageIndex;
    public int stepIndex;
    public String stageDescription;
    public Integer batch;
    public Integer batchCount;
    public String action;
    public String nodeId;
    public String targetClusterId;
    /** {@code PENDING}, {@code RUNNING}, {@code RETRYING}, {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT},
     * {@code SKIPPED} or {@code CANCELLED}. */
    public String status;
    public boolean nodeQuarantined;
    public int attempts;
    public Instant startedAt;
    public Instant attemptStartedAt;
    public Instant deadline;
    public Instant finishedAt;
    public Long durationMs;
    public Integer lastErrorAttempt;
    public String lastErrorCode;
    public String lastErrorMessage;
    public Instant lastErrorAt;
    public long lastSequence;
    public long lastPosition;

    /** Whether the step upgrades (or rolls back) its node: what the node counts of an upgrade count. */
    public boolean movesItsNode() {
        return "UPGRADE_NODE".equals(action) || "ROLL_BACK_NODE".equals(action);
    }
}
