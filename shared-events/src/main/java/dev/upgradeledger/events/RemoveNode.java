package dev.upgradeledger.events;

/** Remove a node from the cluster for good. Refused while an upgrade is active. */
public record RemoveNode(ClusterId clusterId, NodeId nodeId) implements ClusterCommand {

    public RemoveNode {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(nodeId != null, "nodeId is required");
    }
}
