package dev.upgradeledger.projection.model;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** A cluster's rows held in memory, nodes by id, as the transitions leave them (time travel, tests). */
public final class InMemoryClusterScope implements ClusterScope {

    private ClusterRow cluster;
    private final Map<String, NodeRow> nodes = new TreeMap<>();

    @Override
    public ClusterRow cluster() {
        return cluster;
    }

    @Override
    public void registered(ClusterRow row) {
        cluster = row;
    }

    @Override
    public NodeRow node(String nodeId) {
        return nodes.get(nodeId);
    }

    @Override
    public Collection<NodeRow> nodes() {
        return nodes.values();
    }

    @Override
    public void put(NodeRow node) {
        nodes.put(node.nodeId, node);
    }

    @Override
    public void remove(String nodeId) {
        nodes.remove(nodeId);
    }
}
