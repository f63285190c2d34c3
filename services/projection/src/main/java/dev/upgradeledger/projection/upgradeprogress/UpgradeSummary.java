package dev.upgradeledger.projection.upgradeprogress;

import java.time.Instant;

/**
 * An upgrade of a cluster as its events tell it so far.
 *
 * @param requestSequence the sequence of its request in the cluster's history (the cluster's upgrades are listed by it,
 *                     newest first)
 * @param status       where it stands; {@code statusReason} the reason of the last pause, rollback, abort, failure or
 *                     rejection ({@code rejectedRule} the rule a rejected request broke)
 * @param requestedBy  the actor of the request
 * @param current      the plan (1 per hop, then the rollback's) and its first unfinished stage
 * @param counts       the steps of every plan so far by status; attempts started; failed or timed-out attempts;
 *                     nodes the current plan upgrades (or rolls back), how many of them are done, how many were
 *                     quarantined
 * @param lastFailure  the last failed or timed-out attempt, null when none failed
 * @param lastSequence the sequence of the last event of the cluster this view includes
 * @param lastPosition the event-store position of that event
 */
public record UpgradeSummary(String clusterId, String upgradeId, long requestSequence, String strategy,
                             String fromVersion,
                             String targetVersion, String targetSchemaVersion, String targetClusterId,
                             UpgradeStatus status, String statusReason, String rejectedRule, String requestedBy,
                             String correlationId, Settings settings, Timestamps timestamps, Current current,
                             Counts counts, Failure lastFailure, Durations durations, long lastSequence,
                             long lastPosition, Instant updatedAt) {

    /** What the request asked for: attempts per step, the step time-out (ISO-8601), the failure policy. */
    public record Settings(Integer maxAttempts, String stepTimeout, String failurePolicy, Integer maxFailedPercent) {
    }

    /** When each thing happened, from the events' timestamps; null when it has not (paused/resumed: the last time). */
    public record Timestamps(Instant requestedAt, Instant startedAt, Instant pausedAt, Instant resumedAt,
                             Instant rollbackStartedAt, Instant completedAt, Instant failedAt, Instant abortedAt,
                             Instant finalizedAt) {
    }

    /**
     * @param plan          the current plan, from 1 (0 before the first is recorded)
     * @param hopsRemaining hops still to plan after the current one
     * @param stage         the first stage of the current plan with a step not done, null when none is left
     * @param batch         that stage's batch of a rolling upgrade ({@code batch} of {@code batches}), else null
     */
    public record Current(int plan, int hopsRemaining, Integer stage, String stageDescription, Integer batch,
                          Integer batches) {
    }

    public record Counts(StepCounts steps, int attempts, int failures, NodeCounts nodes) {
    }

    public record StepCounts(int total, int pending, int running, int retrying, int succeeded, int failed,
                             int timedOut, int skipped, int cancelled) {
    }

    public record NodeCounts(int total, int upgraded, int quarantined) {
    }

    /** A failed ({@code code} from the driver) or timed-out ({@code code} {@code timeout}) attempt. */
    public record Failure(String stepId, String nodeId, String action, Integer attempt, String code, String message,
                          Boolean willRetry, Instant at) {
    }

    /**
     * @param totalMs  from the request to the end (completed, aborted or failed); null until it ended
     * @param pausedMs time spent paused (closed pauses only)
     * @param activeMs {@code totalMs} without {@code pausedMs}; null until it ended
     */
    public record Durations(Long totalMs, long pausedMs, Long activeMs) {
    }
}
