package dev.upgradeledger.executor.nodes;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.NodeRemoved;
import dev.upgradeledger.events.NodeRolledBack;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.executor.driver.ActionContext.NodeTarget;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Keeps {@code cluster_node} in step with the events; called once per new event, in the cursor's transaction. */
@Component
public class NodeDirectory {

    /**
     * The event types whose payload the executor reads: the ones {@link #apply} takes in, and a started step. Of the
     * others it reads only the envelope's header (their payload is null in the envelopes it handles).
     */
    public static final Set<String> PAYLOADS_READ = Stream.of(ClusterRegistered.class, NodeAdded.class,
            NodeRemoved.class, NodeUpgraded.class, NodeRolledBack.class, StepStarted.class)
            .map(LedgerEvents::typeName).collect(Collectors.toUnmodifiableSet());

    private final JdbcClient jdbc;
    private final List<FleetListener> listeners;

    NodeDirectory(JdbcClient jdbc, ObjectProvider<FleetListener> listeners) {
        this.jdbc = jdbc;
        this.listeners = listeners.orderedStream().toList();
    }

    public void apply(EventEnvelope envelope) {
        LedgerEvent event = envelope.payload();
        String clusterId = envelope.clusterId().value();
        if (event instanceof ClusterRegistered registered) {
            registered.nodes().forEach(node -> add(clusterId, node, registered.version()));
        } else if (event instanceof NodeAdded added) {
            add(clusterId, added.node(), added.version());
        } else if (event instanceof NodeRemoved removed) {
            jdbc.sql("delete from cluster_node where cluster_id = ? and node_id = ?")
                    .params(clusterId, removed.nodeId().value()).update();
        } else if (event instanceof NodeUpgraded upgraded) {
            version(clusterId, upgraded.nodeId().value(), upgraded.toVersion());
        } else if (event instanceof NodeRolledBack rolledBack) {
            version(clusterId, rolledBack.nodeId().value(), rolledBack.toVersion());
        }
    }

    public Optional<NodeTarget> find(String clusterId, String nodeId) {
        return jdbc.sql("select node_id, address, node_group, version from cluster_node"
                        + " where cluster_id = ? and node_id = ?")
                .params(clusterId, nodeId)
                .query((rs, row) -> new NodeTarget(rs.getString("node_id"), rs.getString("address"),
                        rs.getString("node_group"), rs.getString("version")))
                .optional();
    }

    private void add(String clusterId, NodeSpec node, Version version) {
        NodeTarget target = new NodeTarget(node.id().value(), node.address(), node.group(), version.value());
        jdbc.sql("""
                        insert into cluster_node (cluster_id, node_id, address, node_group, version)
                        values (?, ?, ?, ?, ?) on conflict (cluster_id, node_id) do nothing""")
                .params(clusterId, target.id(), target.address(), target.group(), target.version())
                .update();
        listeners.forEach(listener -> listener.nodeRegistered(clusterId, target));
    }

    private void version(String clusterId, String nodeId, Version version) {
        jdbc.sql("update cluster_node set version = ? where cluster_id = ? and node_id = ?")
                .params(version.value(), clusterId, nodeId).update();
    }
}
