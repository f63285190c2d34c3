package dev.upgradeledger.projection.upgradeprogress;

import java.time.Instant;

/**
 * One step of a plan and how far it came.
 *
 * @param attempts         the attempts started (the last one's number)
 * @param startedAt        when its first attempt started; {@code attemptStartedAt} the last one
 * @param finishedAt       when it succeeded, or failed or timed out for good
 * @param durationMs       from {@code startedAt} to {@code finishedAt}, retries and back-offs included
 * @param lastError        the last failed or timed-out attempt, null when none failed
 * @param nodeQuarantined  its node was quarantined: the step is skipped, or its failure no longer holds up the stage
 * @param lastSequence     the sequence of the last event that changed this step
 */
public record StepProgress(String stepId, int plan, int stage, Integer batch, String action, String nodeId,
                           String targetClusterId, StepStatus status, boolean nodeQuarantined, int attempts,
                           Instant startedAt, Instant attemptStartedAt, Instant deadline, Instant finishedAt,
                           Long durationMs,
                           StepError lastError, long lastSequence, long lastPosition) {

    public record StepError(int attempt, String code, String message, Instant at) {
    }
}
