package dev.upgradeledger.events;

/** Add a node to the cluster; it runs {@code version} (the cluster's version when null). */
public record AddNode(ClusterId clusterId, NodeSpec node, Version version) implements ClusterCommand {

    public AddNode {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(node != null, "node is required");
        InputLimits.requireNode(node);
    }
}
