package dev.upgradeledger.events;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enter a cluster into the ledger, optionally with its product's release catalog and version rules (both or
 * neither), and its labels ({@link ClusterLabels}; none when left out). Refused when a cluster with the same id exists.
 */
public record RegisterCluster(ClusterId clusterId, String product, Version version, Version schemaVersion,
                              List<NodeSpec> nodes, ReleaseCatalog catalog, PolicyRules rules,
                              Map<String, String> labels)
        implements ClusterCommand {

    /** The most nodes a cluster may have, at registration and after any {@code AddNode}. */
    public static final int MAX_NODES = 10_000;

    public RegisterCluster {
        Validation.require(clusterId != null, "clusterId is required");
        InputLimits.requireProduct(product);
        Validation.require(version != null, "version is required");
        schemaVersion = schemaVersion == null ? version : schemaVersion;
        Validation.require(nodes != null && !nodes.isEmpty() && nodes.size() <= MAX_NODES,
                "a cluster has 1 to " + MAX_NODES + " nodes");
        Validation.require(nodes.stream().allMatch(java.util.Objects::nonNull), "nodes must not contain null");
        Set<NodeId> seen = new HashSet<>();
        for (NodeSpec node : nodes) {
            Validation.require(seen.add(node.id()), "node ids must be unique, " + node.id() + " appears twice");
            InputLimits.requireNode(node);
        }
        nodes = List.copyOf(nodes);
        Validation.require((catalog == null) == (rules == null), "a release catalog comes with its rules");
        Validation.require(catalog == null || catalog.contains(version),
                "the release catalog does not list the cluster's version " + version);
        labels = ClusterLabels.of(labels);
    }

    public RegisterCluster(ClusterId clusterId, String product, Version version, Version schemaVersion,
                           List<NodeSpec> nodes, ReleaseCatalog catalog, PolicyRules rules) {
        this(clusterId, product, version, schemaVersion, nodes, catalog, rules, null);
    }

    public RegisterCluster(ClusterId clusterId, String product, Version version, Version schemaVersion,
                           List<NodeSpec> nodes) {
        this(clusterId, product, version, schemaVersion, nodes, null, null);
    }
}
