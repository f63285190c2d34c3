package dev.upgradeledger.events;

/** How an upgrade is carried out; one per procedure of the guides. */
public enum UpgradeStrategy {
    /** Camunda: schema first (additive only), then batches of nodes: isolate, upgrade, verify, reintegrate. */
    ROLLING,
    /** Backend.AI major upgrade, IPFS Cluster: halt workloads, export state, upgrade all, migrate, verify, resume. */
    OFFLINE,
    /** IPFS Cluster bootstrap: remove all peers but one, upgrade and migrate it, then upgrade and rejoin the others. */
    REJOIN,
    /** Inmanta, Replicante: move state and workloads to a second, registered cluster, group by group. */
    MIGRATION,
    /**
     * Replicante live move: a second cluster already on the target version starts with no discovery backends, then per
     * discovery group: remove it from the old cluster, rolling-restart the old one, add it to the new one,
     * rolling-restart the new one. No halt, no state export; each group has exactly one managing cluster.
     */
    LIVE_MOVE,
    /**
     * IPFS Cluster disaster recovery: from the state export an earlier upgrade recorded ({@code restoreFrom}), set up one
     * peer on the version the export was taken on, import it (checksum checked), upgrade that peer and its state
     * offline, start it as a single-peer cluster, then clean, upgrade and rejoin the other peers one at a time, each
     * one's state checked against the restored peer's.
     */
    RESTORE;

    /** Whether the upgrade moves to a second, registered cluster ({@code targetClusterId}) instead of upgrading nodes. */
    public boolean movesToAnotherCluster() {
        return this == MIGRATION || this == LIVE_MOVE;
    }
}
