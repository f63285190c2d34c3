package dev.upgradeledger.projection.model;

import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeAbandoned;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeApproved;
import dev.upgradeledger.events.ApprovalRejected;
import java.util.Set;

/**
 * An upgrade's status, event by event: {@code REQUESTED}, {@code RUNNING}, {@code AWAITING_APPROVAL} (an
 * {@code APPROVAL} step started and not yet approved), {@code PAUSED}, {@code ROLLING_BACK},
 * {@code COMPLETED}, {@code ROLLED_BACK}, {@code ABORTED}, {@code FAILED}, {@code FINALIZED}, {@code REJECTED}. The one
 * rule for the cluster's view of its upgrade, the upgrade's progress and the diagnosis.
 */
public final class UpgradeLifecycle {

    /** The statuses of an upgrade under way. */
    public static final Set<String> ACTIVE = Set.of("RUNNING", "AWAITING_APPROVAL", "PAUSED", "ROLLING_BACK");
    /** The statuses of an upgrade that ended. */
    public static final Set<String> ENDED = Set.of("COMPLETED", "ROLLED_BACK", "ABORTED", "FAILED", "FINALIZED");

    private UpgradeLifecycle() {
    }

    /**
     * The status after the event.
     *
     * @param status      before the event, null before the upgrade is known
     * @param rollingBack whether a rollback of the upgrade was started (a resumed rollback goes on rolling back)
     */
    public static String after(String status, boolean rollingBack, LedgerEvent event) {
        return after(status, rollingBack, false, event);
    }

    /**
     * The status after the event.
     *
     * @param status          before the event, null before the upgrade is known
     * @param rollingBack     whether a rollback of the upgrade was started (a resumed rollback goes on rolling back)
     * @param approvalPending whether an {@code APPROVAL} step started and was neither approved nor rejected (see
     *                        {@link #approvalPendingAfter}): an upgrade paused while awaiting an approval awaits it
     *                        again when resumed
     */
    public static String after(String status, boolean rollingBack, boolean approvalPending, LedgerEvent event) {
        if (event instanceof UpgradeRequested) {
            return "REQUESTED";
        } else if (event instanceof UpgradeRejected) {
            return "REJECTED";
        } else if (event instanceof UpgradePlanned) {
            return "RUNNING";
        } else if (event instanceof StepStarted started && started.action() == StepAction.APPROVAL) {
            return "RUNNING".equals(status) ? "AWAITING_APPROVAL" : status;
        } else if (event instanceof UpgradeApproved) {
            return "AWAITING_APPROVAL".equals(status) ? "RUNNING" : status;
        } else if (event instanceof UpgradePaused) {
            return ACTIVE.contains(status) ? "PAUSED" : status;
        } else if (event instanceof UpgradeResumed) {
            return "PAUSED".equals(status)
                    ? (rollingBack ? "ROLLING_BACK" : approvalPending ? "AWAITING_APPROVAL" : "RUNNING") : status;
        } else if (event instanceof RollbackStarted) {
            return "ROLLING_BACK";
        } else if (event instanceof UpgradeAborted) {
            return "ABORTED";
        } else if (event instanceof UpgradeFailed) {
            return "FAILED";
        } else if (event instanceof UpgradeCompleted completed) {
            return completed.rolledBack() ? "ROLLED_BACK" : "COMPLETED";
        } else if (event instanceof UpgradeFinalized) {
            return "FINALIZED";
        } else if (event instanceof UpgradeAbandoned) {
            return "ABANDONED";
        }
        return status;
    }

    /**
     * Whether an approval is pending after the event: from an {@code APPROVAL} step's start until it is approved or
     * rejected, or the upgrade ends or turns to a rollback (the step is cancelled). A pause leaves it pending.
     */
    public static boolean approvalPendingAfter(boolean pending, LedgerEvent event) {
        if (event instanceof StepStarted started) {
            return started.action() == StepAction.APPROVAL || pending;
        }
        return pending && !(event instanceof UpgradeApproved || event instanceof ApprovalRejected
                || event instanceof UpgradeRequested || event instanceof UpgradePlanned
                || event instanceof RollbackStarted || event instanceof UpgradeAborted
                || event instanceof UpgradeFailed || event instanceof UpgradeCompleted);
    }
}
