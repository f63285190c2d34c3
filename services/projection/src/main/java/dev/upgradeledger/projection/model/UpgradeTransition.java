package dev.upgradeledger.projection.model;

import dev.upgradeledger.events.ApprovalRejected;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeAbandoned;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an event means for an upgrade's progress: given the upgrade, its plans and steps before ({@link UpgradeScope})
 * and the event, the state after. Pure, like {@link ClusterTransition}; the status follows {@link UpgradeLifecycle},
 * the step a fact settles is {@link StepFact}'s.
 *
 * <ul>
 *   <li>{@code UpgradeRequested} opens the upgrade afresh (a reused id replaces the earlier rows); a refused request
 *   opens a {@code REJECTED} one unless the id is taken.</li>
 *   <li>{@code UpgradePlanned} (a hop) and {@code RollbackStarted} add a plan, its steps {@code PENDING}; step events
 *   move the steps of the current plan: {@code RUNNING} (attempts, deadline), {@code RETRYING}, {@code SUCCEEDED},
 *   {@code FAILED} / {@code TIMED_OUT} for good; a quarantine skips its node's steps not started and no longer waits for
 *   its failed one; a rollback or an end cancels what is not settled.</li>
 *   <li>Counts move by deltas with every step that changes status (never recounted); {@code nodesUpgraded} counts the
 *   nodes of the current plan with a step that moves them (upgrade, roll back) succeeded.</li>
 * </ul>
 */
public final class UpgradeTransition {

    private UpgradeTransition() {
    }

    public static void apply(UpgradeScope scope, EventEnvelope envelope) {
        LedgerEvent event = envelope.payload();
        Instant at = EventTime.of(envelope.timestamp());
        String clusterId = event.clusterId().value();
        if (event instanceof UpgradeRejected rejected) {
            if (scope.upgrade(clusterId, rejected.upgradeId().value()) == null) {
                UpgradeRow row = opened(clusterId, rejected.upgradeId().value(), envelope, at);
                row.fromVersion = rejected.fromVersion().value();
                row.targetVersion = rejected.targetVersion().value();
                row.status = "REJECTED";
                row.statusReason = rejected.reason();
                row.rejectedRule = rejected.rule();
                scope.open(row);
            }
            return;
        }
        if (event instanceof UpgradeRequested requested) {
            scope.open(requested(clusterId, requested, envelope, at));
            return;
        }
        Subject subject = Subject.of(event);
        UpgradeRow upgrade = subject.upgradeId() == null ? null : scope.upgrade(clusterId, subject.upgradeId());
        if (upgrade == null) {
            return;
        }
        change(scope, upgrade, subject, event, envelope, at);
        upgrade.lastSequence = envelope.sequence();
        upgrade.lastPosition = envelope.position();
        upgrade.updatedAt = at;
        scope.changed(upgrade);
    }

    private static void change(UpgradeScope scope, UpgradeRow upgrade, Subject subject, LedgerEvent event,
                               EventEnvelope envelope, Instant at) {
        String before = upgrade.status;
        String after = UpgradeLifecycle.after(before, upgrade.rollingBack, upgrade.approvalPending, event);
        upgrade.approvalPending = UpgradeLifecycle.approvalPendingAfter(upgrade.approvalPending, event);
        if (event instanceof UpgradePlanned planned) {
            upgrade.currentPlan++;
            upgrade.hopsRemaining = planned.remainingHops().size();
            upgrade.status = after;
            addPlan(scope, upgrade, "HOP", planned.fromVersion(), planned.toVersion(), planned.toSchemaVersion(), null,
                    planned.plan(), envelope, at);
        } else if (event instanceof StepStarted started) {
            upgrade.status = after;
            StepRow step = scope.step(upgrade, upgrade.currentPlan, started.stepId());
            if (step != null) {
                String stepBefore = step.status;
                boolean upgradedBefore = nodeUpgraded(scope, upgrade, step);
                step.status = "RUNNING";
                upgrade.attempts += started.attempt() - step.attempts;
                step.attempts = started.attempt();
                step.startedAt = step.startedAt == null ? at : step.startedAt;
                step.attemptStartedAt = at;
                step.deadline = EventTime.of(started.deadline());
                step.finishedAt = null;
                step.durationMs = null;
                moved(scope, upgrade, step, stepBefore, upgradedBefore, envelope);
                upgrade.startedAt = upgrade.startedAt == null ? at : upgrade.startedAt;
            }
        } else if (event instanceof StepFailed failed) {
            attemptFailed(scope, upgrade, failed.stepId(), failed.attempt(), failed.code(), failed.message(),
                    failed.willRetry() ? "RETRYING" : "FAILED", envelope, at);
        } else if (event instanceof ApprovalRejected rejected) {
            attemptFailed(scope, upgrade, rejected.stepId(), 1, "rejected", "rejected by " + rejected.rejectedBy()
                    + (rejected.reason() == null ? "" : ": " + rejected.reason()), "FAILED", envelope, at);
        } else if (event instanceof StepTimedOut timedOut) {
            StepRow step = scope.step(upgrade, upgrade.currentPlan, timedOut.stepId());
            String message = "no outcome before " + (step == null || step.deadline == null ? "its deadline"
                    : step.deadline.toString());
            attemptFailed(scope, upgrade, timedOut.stepId(), timedOut.attempt(), "timeout", message,
                    timedOut.willRetry() ? "RETRYING" : "TIMED_OUT", envelope, at);
        } else if (event instanceof NodeQuarantined quarantined) {
            for (StepRow step : List.copyOf(scope.stepsOf(upgrade, upgrade.currentPlan,
                    quarantined.nodeId().value()))) {
                if (!"SUCCEEDED".equals(step.status)) {
                    String stepBefore = step.status;
                    boolean upgradedBefore = nodeUpgraded(scope, upgrade, step);
                    step.nodeQuarantined = true;
                    step.status = "PENDING".equals(step.status) ? "SKIPPED" : step.status;
                    moved(scope, upgrade, step, stepBefore, upgradedBefore, envelope);
                }
            }
            upgrade.nodesQuarantined++;
        } else if (subject.fact() != null) {
            upgrade.status = after;
            StepRow step = scope.step(upgrade, upgrade.currentPlan, subject.fact().stepId());
            if (step != null) {
                String stepBefore = step.status;
                boolean upgradedBefore = nodeUpgraded(scope, upgrade, step);
                step.status = "SUCCEEDED";
                step.finishedAt = at;
                step.durationMs = EventTime.millisBetween(step.startedAt, at);
                moved(scope, upgrade, step, stepBefore, upgradedBefore, envelope);
            }
        } else if (event instanceof UpgradePaused paused) {
            if (UpgradeLifecycle.ACTIVE.contains(before)) {
                upgrade.status = after;
                upgrade.statusReason = paused.reason();
                upgrade.pausedAt = at;
            }
        } else if (event instanceof UpgradeResumed) {
            if ("PAUSED".equals(before)) {
                upgrade.resumedAt = at;
                upgrade.statusReason = null;
                upgrade.status = after;
                upgrade.pausedMs += pausedUntil(upgrade, at);
            }
        } else if (event instanceof RollbackStarted rollback) {
            cancelUnsettled(scope, upgrade, envelope);
            upgrade.pausedMs += "PAUSED".equals(before) ? pausedUntil(upgrade, at) : 0;
            upgrade.currentPlan++;
            upgrade.hopsRemaining = 0;
            upgrade.status = after;
            upgrade.rollingBack = true;
            upgrade.statusReason = rollback.reason();
            upgrade.rollbackStartedAt = at;
            addPlan(scope, upgrade, "ROLLBACK", null, null, null, rollback.reason(), rollback.plan(), envelope, at);
        } else if (event instanceof UpgradeAborted aborted) {
            ended(scope, upgrade, after, aborted.reason(), envelope, at);
            upgrade.abortedAt = at;
        } else if (event instanceof UpgradeFailed failed) {
            ended(scope, upgrade, after, failed.reason(), envelope, at);
            upgrade.failedAt = at;
        } else if (event instanceof UpgradeCompleted) {
            ended(scope, upgrade, after, null, envelope, at);
            upgrade.completedAt = at;
        } else if (event instanceof UpgradeFinalized) {
            upgrade.status = after;
            upgrade.finalizedAt = at;
        } else if (event instanceof UpgradeAbandoned abandoned) {
            upgrade.status = after;
            upgrade.statusReason = abandoned.reason();
        }
    }

    /** An attempt failed or timed out; {@code status} says whether another attempt follows. */
    private static void attemptFailed(UpgradeScope scope, UpgradeRow upgrade, String stepId, int attempt, String code,
                                      String message, String status, EventEnvelope envelope, Instant at) {
        boolean forGood = !"RETRYING".equals(status);
        StepRow step = scope.step(upgrade, upgrade.currentPlan, stepId);
        if (step != null) {
            String stepBefore = step.status;
            boolean upgradedBefore = nodeUpgraded(scope, upgrade, step);
            step.status = status;
            step.lastErrorAttempt = attempt;
            step.lastErrorCode = code;
            step.lastErrorMessage = message;
            step.lastErrorAt = at;
            step.finishedAt = forGood ? at : null;
            step.durationMs = forGood ? EventTime.millisBetween(step.startedAt, at) : null;
            moved(scope, upgrade, step, stepBefore, upgradedBefore, envelope);
        }
        upgrade.failures++;
        upgrade.lastFailureStepId = stepId;
        upgrade.lastFailureNodeId = step == null ? null : step.nodeId;
        upgrade.lastFailureAction = step == null ? null : step.action;
        upgrade.lastFailureAttempt = attempt;
        upgrade.lastFailureCode = code;
        upgrade.lastFailureMessage = message;
        upgrade.lastFailureWillRetry = !forGood;
        upgrade.lastFailureAt = at;
    }

    /** The upgrade ended (completed, rolled back, aborted, failed): what had not settled is cancelled. */
    private static void ended(UpgradeScope scope, UpgradeRow upgrade, String status, String reason,
                              EventEnvelope envelope, Instant at) {
        cancelUnsettled(scope, upgrade, envelope);
        upgrade.pausedMs += "PAUSED".equals(upgrade.status) ? pausedUntil(upgrade, at) : 0;
        upgrade.status = status;
        upgrade.statusReason = reason != null ? reason : upgrade.statusReason;
    }

    private static void cancelUnsettled(UpgradeScope scope, UpgradeRow upgrade, EventEnvelope envelope) {
        for (StepRow step : List.copyOf(scope.unsettled(upgrade, upgrade.currentPlan))) {
            String stepBefore = step.status;
            boolean upgradedBefore = nodeUpgraded(scope, upgrade, step);
            step.status = "CANCELLED";
            moved(scope, upgrade, step, stepBefore, upgradedBefore, envelope);
        }
    }

    private static long pausedUntil(UpgradeRow upgrade, Instant at) {
        Long millis = EventTime.millisBetween(upgrade.pausedAt, at);
        return millis == null ? 0 : millis;
    }

    /** The step changed: it now includes the event, and the counts move with its status. */
    private static void moved(UpgradeScope scope, UpgradeRow upgrade, StepRow step, String statusBefore,
                              boolean upgradedBefore, EventEnvelope envelope) {
        step.lastSequence = envelope.sequence();
        step.lastPosition = envelope.position();
        if (!statusBefore.equals(step.status)) {
            upgrade.count(statusBefore, -1);
            upgrade.count(step.status, 1);
            if (step.movesItsNode()) {
                boolean upgradedAfter = nodeUpgraded(scope, upgrade, step);
                if (upgradedAfter != upgradedBefore) {
                    upgrade.nodesUpgraded += upgradedAfter ? 1 : -1;
                }
            }
        }
        scope.changed(step);
    }

    /** Whether the step's node has a step of the current plan that moves it and succeeded. */
    private static boolean nodeUpgraded(UpgradeScope scope, UpgradeRow upgrade, StepRow step) {
        if (!step.movesItsNode() || step.nodeId == null || step.planNo != upgrade.currentPlan) {
            return false;
        }
        for (StepRow sibling : scope.stepsOf(upgrade, step.planNo, step.nodeId)) {
            if (sibling.movesItsNode() && "SUCCEEDED".equals(sibling.status)) {
                return true;
            }
        }
        return false;
    }

    private static void addPlan(UpgradeScope scope, UpgradeRow upgrade, String kind, Version from, Version to,
                                Version toSchema, String reason, UpgradePlan plan, EventEnvelope envelope,
                                Instant at) {
        PlanRow row = new PlanRow();
        row.clusterId = upgrade.clusterId;
        row.upgradeId = upgrade.upgradeId;
        row.planNo = upgrade.currentPlan;
        row.kind = kind;
        row.fromVersion = text(from);
        row.toVersion = text(to);
        row.toSchemaVersion = text(toSchema);
        row.reason = reason;
        row.plannedAt = at;
        row.lastSequence = envelope.sequence();
        row.lastPosition = envelope.position();
        List<StepRow> steps = new ArrayList<>();
        Set<String> movedNodes = new HashSet<>();
        for (PlannedStage stage : plan.stages()) {
            Optional<StageBatch> batch = StageBatch.of(stage.description());
            for (int index = 0; index < stage.steps().size(); index++) {
                PlannedStep planned = stage.steps().get(index);
                StepRow step = new StepRow();
                step.clusterId = upgrade.clusterId;
                step.upgradeId = upgrade.upgradeId;
                step.planNo = row.planNo;
                step.stepId = planned.stepId();
                step.stageIndex = stage.index();
                step.stepIndex = index;
                step.stageDescription = stage.description();
                step.batch = batch.map(StageBatch::number).orElse(null);
                step.batchCount = batch.map(StageBatch::of).orElse(null);
                step.action = planned.action().name();
                step.nodeId = planned.nodeId() == null ? null : planned.nodeId().value();
                step.targetClusterId = planned.clusterId().value();
                step.status = "PENDING";
                step.lastSequence = envelope.sequence();
                step.lastPosition = envelope.position();
                steps.add(step);
                if (step.movesItsNode() && step.nodeId != null) {
                    movedNodes.add(step.nodeId);
                }
            }
        }
        upgrade.stepsTotal += steps.size();
        upgrade.stepsPending += steps.size();
        upgrade.nodesTotal = movedNodes.size();
        upgrade.nodesUpgraded = 0;
        scope.planned(row, steps);
    }

    private static UpgradeRow requested(String clusterId, UpgradeRequested event, EventEnvelope envelope,
                                        Instant at) {
        UpgradeRow row = opened(clusterId, event.upgradeId().value(), envelope, at);
        FailurePolicy policy = event.failurePolicy();
        row.strategy = event.strategy().name();
        row.fromVersion = event.fromVersion().value();
        row.targetVersion = event.targetVersion().value();
        row.targetSchemaVersion = text(event.targetSchemaVersion());
        row.targetClusterId = event.targetClusterId() == null ? null : event.targetClusterId().value();
        row.maxAttempts = event.maxAttempts();
        row.stepTimeout = event.stepTimeout() == null ? null : event.stepTimeout().toString();
        row.failurePolicy = policy == null ? null : policy.mode().name();
        row.maxFailedPercent = policy == null ? null : policy.maxFailedPercent();
        row.status = UpgradeLifecycle.after(null, false, event);
        return row;
    }

    private static UpgradeRow opened(String clusterId, String upgradeId, EventEnvelope envelope, Instant at) {
        UpgradeRow row = new UpgradeRow();
        row.clusterId = clusterId;
        row.upgradeId = upgradeId;
        row.requestSequence = envelope.sequence();
        row.requestedBy = envelope.actor();
        row.correlationId = envelope.correlationId();
        row.requestedAt = at;
        row.updatedAt = at;
        row.lastSequence = envelope.sequence();
        row.lastPosition = envelope.position();
        return row;
    }

    private static String text(Version version) {
        return version == null ? null : version.value();
    }
}
