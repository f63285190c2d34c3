package dev.upgradeledger.events;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A cluster entered the ledger: the product it runs, the version every node runs now, the version of its
 * database schema or state format, and its nodes. The first event of every cluster (sequence 0).
 */
@Revision("1")
public record ClusterRegistered(ClusterId clusterId, String product, Version version, Version schemaVersion,
                                List<NodeSpec> nodes) implements LedgerEvent {

    public ClusterRegistered {
        nodes = List.copyOf(nodes);
    }
}
