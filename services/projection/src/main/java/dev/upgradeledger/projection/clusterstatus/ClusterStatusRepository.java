package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.Version;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ClusterStatusRepository {

    private static final String SUMMARY_COLUMNS = """
            cluster_id, product, version, schema_version, node_count, registered_at, updated_at,
            last_sequence, last_position, upgrade_id, upgrade_status, target_version, retired,
            (mixed_version_window or (select count(distinct n.version) from node_status n
                                      where n.cluster_id = cluster_status.cluster_id) > 1) as mixed""";

    private final JdbcClient jdbc;

    ClusterStatusRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertRegistered(ClusterRegistered event, EventEnvelope envelope) {
        Timestamp at = Timestamp.from(envelope.timestamp());
        jdbc.sql("""
                        insert into cluster_status (cluster_id, product, version, schema_version, node_count,
                            registered_at, updated_at, last_sequence, last_position, last_event_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(event.clusterId().value(), event.product(), event.version().value(),
                        event.schemaVersion().value(), event.nodes().size(), at, at, envelope.sequence(),
                        envelope.position(), envelope.eventId())
                .update();
        event.nodes().forEach(node -> jdbc.sql("""
                        insert into node_status (cluster_id, node_id, address, node_group, version, state,
                            last_sequence)
                        values (?, ?, ?, ?, ?, 'IN_SERVICE', ?)""")
                .params(event.clusterId().value(), node.id().value(), node.address(), node.group(),
                        event.version().value(), envelope.sequence())
                .update());
    }

    /** Moves the cluster's row to the event: it now includes it. */
    void advance(EventEnvelope envelope) {
        jdbc.sql("""
                        update cluster_status set last_sequence = ?, last_position = ?, last_event_id = ?,
                            updated_at = ? where cluster_id = ?""")
                .params(envelope.sequence(), envelope.position(), envelope.eventId(),
                        Timestamp.from(envelope.timestamp()), envelope.clusterId().value())
                .update();
    }

    void addNode(NodeAdded event) {
        jdbc.sql("""
                        insert into node_status (cluster_id, node_id, address, node_group, version, state, last_sequence)
                        values (?, ?, ?, ?, ?, 'IN_SERVICE', 0)""")
                .params(event.clusterId().value(), event.node().id().value(), event.node().address(),
                        event.node().group(), event.version().value())
                .update();
        countNodes(event.clusterId());
    }

    void removeNode(ClusterId clusterId, NodeId nodeId) {
        jdbc.sql("delete from node_status where cluster_id = ? and node_id = ?")
                .params(clusterId.value(), nodeId.value()).update();
        countNodes(clusterId);
    }

    private void countNodes(ClusterId clusterId) {
        jdbc.sql("update cluster_status set node_count = (select count(*) from node_status where cluster_id = ?)"
                        + " where cluster_id = ?")
                .params(clusterId.value(), clusterId.value()).update();
    }

    void nodeState(ClusterId clusterId, NodeId nodeId, String state) {
        jdbc.sql("update node_status set state = ? where cluster_id = ? and node_id = ?")
                .params(state, clusterId.value(), nodeId.value()).update();
    }

    void nodeVersion(ClusterId clusterId, NodeId nodeId, Version version) {
        jdbc.sql("update node_status set version = ? where cluster_id = ? and node_id = ?")
                .params(version.value(), clusterId.value(), nodeId.value()).update();
    }

    void schemaVersion(ClusterId clusterId, Version version) {
        jdbc.sql("update cluster_status set schema_version = ? where cluster_id = ?")
                .params(version.value(), clusterId.value()).update();
    }

    void upgrade(ClusterId clusterId, String upgradeId, String status, String targetVersion, boolean mixedWindow) {
        jdbc.sql("""
                        update cluster_status set upgrade_id = ?, upgrade_status = ?, target_version = ?,
                            mixed_version_window = ? where cluster_id = ?""")
                .params(upgradeId, status, targetVersion, mixedWindow, clusterId.value()).update();
    }

    void upgradeStatus(ClusterId clusterId, String status) {
        boolean finalized = "FINALIZED".equals(status);
        jdbc.sql("update cluster_status set upgrade_status = ?, mixed_version_window = mixed_version_window and ?"
                        + " where cluster_id = ?")
                .params(status, !finalized, clusterId.value()).update();
    }

    /** The upgrade ended; a completed one keeps the mixed-version window open until it is finalized. */
    void endUpgrade(ClusterId clusterId, String status, Version version) {
        jdbc.sql("""
                        update cluster_status set upgrade_status = ?, version = coalesce(?, version),
                            mixed_version_window = ? where cluster_id = ?""")
                .params(status, version == null ? null : version.value(), "COMPLETED".equals(status),
                        clusterId.value())
                .update();
    }

    void retire(ClusterId clusterId) {
        jdbc.sql("update cluster_status set retired = true where cluster_id = ?").param(clusterId.value()).update();
    }

    List<ClusterSummary> findAll(String product) {
        return jdbc.sql("select " + SUMMARY_COLUMNS + " from cluster_status"
                        + " where (cast(? as varchar) is null or product = ?) order by cluster_id")
                .params(product, product)
                .query(ClusterStatusRepository::summary)
                .list();
    }

    Optional<ClusterSummary> find(ClusterId clusterId) {
        return jdbc.sql("select " + SUMMARY_COLUMNS + " from cluster_status where cluster_id = ?")
                .param(clusterId.value())
                .query(ClusterStatusRepository::summary)
                .optional();
    }

    List<NodeStatus> nodes(ClusterId clusterId) {
        return jdbc.sql("""
                        select node_id, address, node_group, version, state from node_status
                        where cluster_id = ? order by node_id""")
                .param(clusterId.value())
                .query((rs, row) -> new NodeStatus(rs.getString("node_id"), rs.getString("address"),
                        rs.getString("node_group"), rs.getString("version"), rs.getString("state")))
                .list();
    }

    private static ClusterSummary summary(ResultSet rs, int row) throws SQLException {
        return new ClusterSummary(rs.getString("cluster_id"), rs.getString("product"), rs.getString("version"),
                rs.getString("schema_version"), rs.getInt("node_count"),
                rs.getTimestamp("registered_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("last_sequence"), rs.getLong("last_position"),
                new ClusterSummary.Upgrade(rs.getString("upgrade_id"), rs.getString("upgrade_status"),
                        rs.getString("target_version")),
                rs.getBoolean("mixed"), rs.getBoolean("retired"));
    }
}
