package dev.upgradeledger.projection.upgradeprogress;

/** Where an upgrade stands, as its events tell. */
public enum UpgradeStatus {
    /** UpgradeRequested, not planned yet (both are recorded together, so this is seldom seen). */
    REQUESTED,
    /** Planned and starting steps. */
    RUNNING,
    /** Waits for an operator to approve or reject its APPROVAL step (also after a pause while it waited). */
    AWAITING_APPROVAL,
    /** Stopped starting steps (UpgradePaused: an operator, or a failure under the PAUSE policy). */
    PAUSED,
    /** RollbackStarted: the upgraded nodes are being returned to the old version. */
    ROLLING_BACK,
    /** Every step succeeded; the cluster stays in its mixed-version window until the upgrade is finalized. */
    COMPLETED,
    /** The rollback completed. */
    ROLLED_BACK,
    /** Given up by an operator; nodes stay where they are. */
    ABORTED,
    /** Ended without reaching its target. */
    FAILED,
    /** Completed and finalized: the mixed-version window is over. */
    FINALIZED,
    /** Completed, then abandoned instead of finalized: the next upgrade may start, new features stay off. */
    ABANDONED,
    /** Refused by the version policy or the strategy (UpgradeRejected); nothing ran. */
    REJECTED
}
