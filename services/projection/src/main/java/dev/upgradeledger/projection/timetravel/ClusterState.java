package dev.upgradeledger.projection.timetravel;

import java.time.Instant;
import java.util.List;

/**
 * A cluster as its events up to {@code lastSequence} make it: the same fields, with the same meaning, as the live
 * cluster-status read model showed once it had applied that event, and a few the live model does not keep (manager,
 * the versions present, the steps running).
 *
 * @param version            the version the cluster has converged on (its last completed upgrade)
 * @param versions           the distinct versions its nodes run, in text order
 * @param upgrade            the latest upgrade, null before the first one was planned
 * @param manager            the ledger deployment managing the cluster, null before a claim
 * @param mixedVersionWindow nodes run different versions, or an upgrade is under way or completed but not finalized
 * @param lastSequence       the sequence of the last event included (in the cluster's own history)
 * @param lastPosition       that event's position in the event store
 * @param lastEventAt        when that event was stored
 * @param discoveryGroups    the cluster's discovery groups claimed or released so far (Replicante live move), by
 *                           name: which cluster manages each at that moment (null while released), with its epoch
 */
public record ClusterState(String clusterId, String product, String version, List<String> versions,
                           String schemaVersion, Instant registeredAt, int nodeCount, List<Node> nodes,
                           Upgrade upgrade, Manager manager, boolean retired, boolean mixedVersionWindow,
                           long lastSequence, long lastPosition, Instant lastEventAt, String lastEventId,
                           String lastEventType, List<DiscoveryGroup> discoveryGroups) {

    /**
     * A node: {@code state} is IN_SERVICE, ISOLATED, REMOVED (a REJOIN peer out of the membership), STOPPED (an
     * IPFS peer shut down for its state upgrade) or QUARANTINED;
     * {@code role} the component it runs, or null.
     */
    public record Node(String nodeId, String address, String group, String version, String state, String role) {

        public Node(String nodeId, String address, String group, String version, String state) {
            this(nodeId, address, group, version, state, null);
        }
    }

    /**
     * @param status       RUNNING, PAUSED, ROLLING_BACK, COMPLETED, ROLLED_BACK, ABORTED, FAILED or FINALIZED
     * @param targetVersion the version of the hop under way (the last hop's for a finished upgrade)
     * @param runningSteps the steps started and not yet settled, in the order they started
     */
    public record Upgrade(String upgradeId, String status, String fromVersion, String targetVersion, String strategy,
                          boolean active, List<RunningStep> runningSteps) {
    }

    public record RunningStep(String stepId, String action, String nodeId, int attempt, Instant startedAt,
                              Instant deadline) {
    }

    public record Manager(String managerId, long epoch) {
    }

    /** A discovery group of the cluster: {@code managerClusterId} manages it (null: released, nobody does). */
    public record DiscoveryGroup(String group, String managerClusterId, long epoch) {
    }
}
