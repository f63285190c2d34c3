package dev.upgradeledger.events;

/**
 * An immutable fact in the history of one cluster. Every event belongs to exactly one cluster, which is the
 * Kafka key it is published under, so one cluster's events keep their order.
 *
 * <p>The wire name of an event type is its simple class name (see {@link LedgerEvents}); renaming an event
 * class therefore changes the contract. Change an event's fields only compatibly and raise its
 * {@code @Revision} when its shape changes.
 */
public sealed interface LedgerEvent permits
        ClusterRegistered, ReleaseCatalogDeclared, NodeAdded, NodeRemoved, ManagementClaimed, UpgradeRequested,
        UpgradeRejected, UpgradePlanned, StepStarted, WorkloadsHalted, StateExported, SchemaMigrated, NodeIsolated,
        NodeUpgraded, NodeVerified, NodeReintegrated, PeerRemoved, PeerRejoined, StateImported, WorkloadsMoved,
        WorkloadsResumed, NodeRolledBack, StepFailed, StepTimedOut, NodeQuarantined, UpgradePaused, UpgradeResumed,
        UpgradeAborted, RollbackStarted, UpgradeCompleted, UpgradeFailed, UpgradeFinalized, ManagementHandedOver,
        UpgradeAbandoned, ClusterRetired, MissionRevisionsApplied, UpgradeApproved, ApprovalRejected, BatchSoaked,
        NodeStopped, NodeStarted, StateChecked, PeerCleaned,
        TargetVerified, ServerStopped, ServerStarted, EnvironmentsChecked, EnvironmentRecompiled, EnvironmentResumed,
        DiscoveryGroupRemoved, ProcessesRestarted, DiscoveryGroupAdded, DiscoveryGroupClaimed, DiscoveryGroupReleased,
        ClusterLabelsChanged {

    ClusterId clusterId();
}
