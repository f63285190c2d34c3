package dev.upgradeledger.events;

import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * The cluster's labels were replaced: {@code labels} is its whole new label set (empty: it has none now), not a
 * change to merge. Recorded only when the set differs from the one before; who changed it is in the event's metadata.
 */
@Revision("1")
public record ClusterLabelsChanged(ClusterId clusterId, Map<String, String> labels) implements LedgerEvent {

    public ClusterLabelsChanged {
        labels = ClusterLabels.copy(labels);
    }
}
