package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.Version;
import java.util.List;
import java.util.Optional;

/**
 * What a cluster may know of another one: a MIGRATION checks its target cluster (registered, not retired, on the
 * target version, not driven by another manager) and plans with its nodes.
 */
public interface ClusterDirectory {

    Optional<ClusterView> find(ClusterId clusterId);

    /** Another cluster as seen from outside: its version, manager and nodes. */
    record ClusterView(ClusterId id, Version version, String managerId, boolean retired, List<NodeView> nodes) {

        public ClusterView {
            nodes = List.copyOf(nodes);
        }
    }

    record NodeView(NodeId id, String group, Version version) {
    }
}
