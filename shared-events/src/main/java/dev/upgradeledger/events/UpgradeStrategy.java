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
    MIGRATION
}
