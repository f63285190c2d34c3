package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.projection.clusterstatus.NodePage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cluster as its events up to {@code lastSequence} make it: the same fields, with the same meaning, as the live
 * cluster-status read model showed once it had applied that event, and a few the live model does not keep (manager,
 * the versions present, the steps running).
 *
 * @param labels             its labels at that moment (key order; empty when it had none)
 * @param version            the version the cluster has converged on (its last completed upgrade)
 * @param versions           the distinct versions its nodes run, in text order
 * @param upgrade            the latest upgrade, null before the first one was planned
 * @param manager            the ledger deployment managing the cluster, null before a claim
 * @param mixedVersionWindow nodes run different versions, or an upgrade is under way or completed but not finalized
 * @param lastSequence       the sequence of the last event included (in the cluster's own history)
 * @param lastPosition       that event's position in the event store
 * @param lastEventAt        when that event was stored
 * @param nodeCount          how many nodes the cluster has (all of them, whichever page of {@code nodes} comes)
 * @param nodes              the nodes by id: all of them, or one page ({@link #page})
 * @param discoveryGroups    the cluster's discovery groups claimed or released so far (Replicante live move), by
 *                           name: which cluster manages each at that moment (null while released), with its epoch
 * @param next               the node id to ask the next page of nodes {@code after}; null on the last page
 */
public record ClusterState(String clusterId, String product, Map<String, String> labels, String version,
                           List<String> versions, String schemaVersion, Instant registeredAt, int nodeCount,
                           List<Node> nodes, Upgrade upgrade, Manager manager, boolean retired, boolean mixedVersionWindow,
                           long lastSequence, long lastPosition, Instant lastEventAt, String lastEventId,
                           String lastEventType, List<DiscoveryGroup> discoveryGroups, String next) {

    /**
     * The same state with one page of its nodes (by id, those after {@code page.after()}, at most
     * {@code page.limit()}) and the running steps on those nodes; the running steps on no node of the cluster come
     * with the first page. So every node and every running step is on exactly one page; the rest is whole on each.
     */
    public ClusterState page(NodePage page) {
        List<Node> kept = new ArrayList<>(Math.min(page.limit(), nodes.size()));
        Set<String> all = new HashSet<>();
        String following = null;
        for (Node node : nodes) {
            all.add(node.nodeId());
            if (page.after() != null && node.nodeId().compareTo(page.after()) <= 0) {
                continue;
            }
            if (kept.size() < page.limit()) {
                kept.add(node);
            } else if (following == null) {
                following = kept.get(kept.size() - 1).nodeId();
            }
        }
        Upgrade pagedUpgrade = upgrade;
        if (upgrade != null) {
            Set<String> onPage = new HashSet<>();
            kept.forEach(node -> onPage.add(node.nodeId()));
            List<RunningStep> steps = upgrade.runningSteps().stream()
                    .filter(step -> step.nodeId() != null && onPage.contains(step.nodeId())
                            || page.after() == null && (step.nodeId() == null || !all.contains(step.nodeId())))
                    .toList();
            pagedUpgrade = new Upgrade(upgrade.upgradeId(), upgrade.status(), upgrade.fromVersion(),
                    upgrade.targetVersion(), upgrade.strategy(), upgrade.active(), steps,
                    upgrade.runningStepCount());
        }
        return new ClusterState(clusterId, product, labels, version, versions, schemaVersion, registeredAt, nodeCount,
                List.copyOf(kept), pagedUpgrade, manager, retired, mixedVersionWindow, lastSequence, lastPosition,
                lastEventAt, lastEventId, lastEventType, discoveryGroups, following);
    }

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
     * @param runningSteps the steps started and not yet settled, in the order they started (of a page: those on its
     *                     nodes)
     * @param runningStepCount how many steps run (all of them, whichever page of {@code runningSteps} comes)
     */
    public record Upgrade(String upgradeId, String status, String fromVersion, String targetVersion, String strategy,
                          boolean active, List<RunningStep> runningSteps, int runningStepCount) {
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
