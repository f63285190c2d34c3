package dev.upgradeledger.events;

/**
 * A command to one cluster, routed to its aggregate by {@link #clusterId()}. Imperative names; the wire name of a
 * command (on {@code ledger.commands}) is its simple class name.
 */
public sealed interface ClusterCommand extends LedgerCommand permits
        RegisterCluster, RequestUpgrade, DeclareReleaseCatalog, AddNode, RemoveNode, ClaimManagement,
        HandOverManagement, ReportStepOutcome, PauseUpgrade, ResumeUpgrade, AbortUpgrade, RollBackUpgrade,
        FinalizeUpgrade, AbandonUpgrade, RetireCluster, ApproveUpgrade, RejectUpgrade,
        ClaimDiscoveryGroup, ReleaseDiscoveryGroup, SetClusterLabels {

    ClusterId clusterId();
}
