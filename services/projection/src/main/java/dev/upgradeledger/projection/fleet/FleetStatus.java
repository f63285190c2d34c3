package dev.upgradeledger.projection.fleet;

/** Where a fleet upgrade stands, as its events tell. */
public enum FleetStatus {
    /** Starting its waves' clusters (or waiting for a window, a soak or the running clusters). */
    RUNNING,
    /** Starts no new cluster until it is resumed (the failure budget was exceeded or a check failed). */
    HALTED,
    /** Ended by an operator; its running clusters' upgrades were aborted. */
    ABORTED,
    /** Every wave ran. */
    COMPLETED,
    /** Rolled back: nothing more starts; its clusters upgraded or upgrading were asked to roll back. */
    ROLLING_BACK,
    /** Every cluster asked answered the rollback (requested, or refused with its rule). */
    ROLLED_BACK
}
