package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.events.ClusterId;
import java.util.Map;
import java.util.Objects;

/**
 * A registered cluster as a fleet upgrade sees it: what the decider needs, and its labels (what it selects by and
 * finds a label's maintenance window by).
 *
 * @param labels the cluster's labels (key to value); empty when it has none
 */
public record FleetMember(ClusterSnapshot cluster, Map<String, String> labels) {

    public FleetMember {
        Objects.requireNonNull(cluster, "cluster");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The cluster with the labels its snapshot carries. */
    public FleetMember(ClusterSnapshot cluster) {
        this(cluster, Objects.requireNonNull(cluster, "cluster").labels());
    }

    public ClusterId id() {
        return cluster.id();
    }
}
