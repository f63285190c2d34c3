package dev.upgradeledger.events;

import java.util.Map;

/**
 * Replace the cluster's labels with {@code labels} (the whole set; empty removes them all). Changes nothing when the
 * cluster has exactly these labels already. Checked by {@link ClusterLabels}.
 */
public record SetClusterLabels(ClusterId clusterId, Map<String, String> labels) implements ClusterCommand {

    public SetClusterLabels {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(labels != null, "labels is required: the cluster's whole label set ({} for none)");
        labels = ClusterLabels.of(labels);
    }
}
