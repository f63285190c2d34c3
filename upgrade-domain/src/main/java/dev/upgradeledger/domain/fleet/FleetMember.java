package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.events.ClusterId;
import java.util.Map;
import java.util.Objects;

/**
 * A registered cluster as a fleet upgrade sees it: what the decider needs, and its labels.
 *
 * @param labels the cluster's labels (key to value); empty when it has none
 */
public record FleetMember(ClusterSnapshot cluster, Map<String, String> labels) {

    public FleetMember {
        Objects.requireNonNull(cluster, "cluster");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public ClusterId id() {
        return cluster.id();
    }
}
