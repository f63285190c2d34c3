package dev.upgradeledger.projection.clusterstatus;

/**
 * A cluster's upgrade and convergence status, one value per cluster, the first that applies in this order.
 */
public enum ClusterStatus {
    /** Retired ({@code ClusterRetired}): kept for its history, no longer upgraded. */
    RETIRED,
    /** Its active upgrade is paused (by an operator, or after a failure). */
    PAUSED,
    /** Its active upgrade is being rolled back. */
    ROLLING_BACK,
    /** An upgrade is running. */
    RUNNING,
    /** Its last upgrade failed ({@code UpgradeFailed}). */
    FAILED,
    /**
     * No upgrade runs, but the cluster is in a mixed-version window: its nodes run different versions (say after an
     * abort or with a quarantined node), or its last upgrade completed and was not finalized yet.
     */
    MIXED,
    /** No upgrade runs, every node runs the same version, and the last upgrade (if any) was finalized. */
    CONVERGED
}
