package dev.upgradeledger.projection.model;

import java.time.Instant;

/**
 * An upgrade of a cluster, one field per column of {@code upgrade_progress}. A working copy, changed in place. The
 * counts are kept by deltas as its steps move ({@link #count}); the current stage is derived from the steps by the
 * store that keeps them.
 */
public final class UpgradeRow {

    public String clusterId;
    public String upgradeId;
    public long requestSequence;
    public String strategy;
    public String fromVersion;
    public String targetVersion;
    public String targetSchemaVersion;
    public String targetClusterId;
    public Integer maxAttempts;
    public String stepTimeout;
    public String failurePolicy;
    public Integer maxFailedPercent;
    public String status;
    public String statusReason;
    public String rejectedRule;
    public boolean rollingBack;
    /** Whether an approval step started and was neither approved nor rejected (also while paused). */
    public boolean approvalPending;
    public String requestedBy;
    public String correlationId;
    public Instant requestedAt;
    public Instant startedAt;
    public Instant pausedAt;
    public Instant resumedAt;
    public Instant rollbackStartedAt;
    public Instant completedAt;
    public Instant failedAt;
    public Instant abortedAt;
    public Instant finalizedAt;
    public long pausedMs;
    public int currentPlan;
    public int hopsRemaining;
    public Integer currentStage;
    public String currentStageDescription;
    public Integer currentBatch;
    public Integer batchCount;
    public int stepsTotal;
    public int stepsPending;
    public int stepsRunning;
    public int stepsRetrying;
    public int stepsSucceeded;
    public int stepsFailed;
    public int stepsTimedOut;
    public int stepsSkipped;
    public int stepsCancelled;
    public int attempts;
    public int failures;
    public int nodesTotal;
    public int nodesUpgraded;
    public int nodesQuarantined;
    public String lastFailureStepId;
    public String lastFailureNodeId;
    public String lastFailureAction;
    public Integer lastFailureAttempt;
    public String lastFailureCode;
    public String lastFailureMessage;
    public Boolean lastFailureWillRetry;
    public Instant lastFailureAt;
    public Instant updatedAt;
    public long lastSequence;
    public long lastPosition;

    /** Adds {@code delta} to the count of steps in {@code status}. */
    public void count(String status, int delta) {
        switch (status) {
            case "PENDING" -> stepsPending += delta;
            case "RUNNING" -> stepsRunning += delta;
            case "RETRYING" -> stepsRetrying += delta;
            case "SUCCEEDED" -> stepsSucceeded += delta;
            case "FAILED" -> stepsFailed += delta;
            case "TIMED_OUT" -> stepsTimedOut += delta;
            case "SKIPPED" -> stepsSkipped += delta;
            case "CANCELLED" -> stepsCancelled += delta;
            default -> throw new IllegalArgumentException("no step status " + status);
        }
    }
}
