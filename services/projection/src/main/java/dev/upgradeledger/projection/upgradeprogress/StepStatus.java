package dev.upgradeledger.projection.upgradeprogress;

/** Where a step of a plan stands, as its events tell. */
public enum StepStatus {
    /** Planned, not started yet. */
    PENDING,
    /** An attempt was started and has no outcome yet. */
    RUNNING,
    /** The last attempt failed or timed out, and another attempt follows after a back-off. */
    RETRYING,
    /** The step's fact was recorded (NodeUpgraded, SchemaMigrated, ...). */
    SUCCEEDED,
    /** The last attempt failed and no other follows (not retryable, out of attempts, or the upgrade paused). */
    FAILED,
    /** The last attempt passed its deadline without an outcome and no other follows. */
    TIMED_OUT,
    /** Not run: its node was quarantined. */
    SKIPPED,
    /** Never finished: the upgrade was aborted or failed, or its plan was replaced by a rollback, first. */
    CANCELLED
}
