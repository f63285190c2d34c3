package dev.upgradeledger.events;

import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A cluster entered the ledger: the product it runs, the version every node runs now, the version of its
 * database schema or state format, its nodes and its labels. The first event of every cluster (sequence 0).
 *
 * <p>Revision 2 adds {@code labels} (see {@link ClusterLabels}); a revision 1 event is read with none.
 */
@Revision("2")
public record ClusterRegistered(ClusterId clusterId, String product, Version version, Version schemaVersion,
                                List<NodeSpec> nodes, Map<String, String> labels) implements LedgerEvent {

    public ClusterRegistered {
        nodes = List.copyOf(nodes);
        labels = ClusterLabels.copy(labels);
    }

    /** The revision 1 shape: no labels. */
    public ClusterRegistered(ClusterId clusterId, String product, Version version, Version schemaVersion,
                             List<NodeSpec> nodes) {
        this(clusterId, product, version, schemaVersion, nodes, Map.of());
    }
}
