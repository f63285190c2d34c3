package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
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
            last_sequence, last_position""";

    private final JdbcClient jdbc;

    ClusterStatusRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The sequence of the last event applied to the cluster, locking its row for the rest of the transaction. */
    Optional<Long> lockLastSequence(ClusterId clusterId) {
        return jdbc.sql("select last_sequence from cluster_status where cluster_id = ? for update")
                .param(clusterId.value())
                .query(Long.class)
                .optional();
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
                rs.getLong("last_sequence"), rs.getLong("last_position"));
    }
}
