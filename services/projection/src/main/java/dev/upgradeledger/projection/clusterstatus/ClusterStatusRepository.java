package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ClusterStatusRepository {

    /** Every cluster as a summary, with its {@link ClusterStatus} ({@code state}) and its nodes' versions. */
    private static final String SUMMARIES = """
            select s.*, case when s.retired then 'RETIRED'
                             when s.upgrade_status = 'PAUSED' then 'PAUSED'
                             when s.upgrade_status = 'ROLLING_BACK' then 'ROLLING_BACK'
                             when s.upgrade_status = 'RUNNING' then 'RUNNING'
                             when s.upgrade_status = 'FAILED' then 'FAILED'
                             when s.mixed then 'MIXED'
                             else 'CONVERGED' end as state
            from (select cluster_id, product, version, schema_version, node_count, registered_at, updated_at,
                      last_sequence, last_position, upgrade_id, upgrade_status, target_version, retired, manager_id,
                      manager_epoch,
                      (mixed_version_window or (select count(distinct n.version) from node_status n
                                                where n.cluster_id = cluster_status.cluster_id) > 1) as mixed,
                      array(select distinct n.version from node_status n
                            where n.cluster_id = cluster_status.cluster_id order by n.version) as versions
                  from cluster_status) s""";
    private static final String NODE_COLUMNS = """
            node_id, address, node_group, version, state, last_upgrade_id, last_step_id, last_action,
            last_step_status, updated_at, last_sequence, last_position""";

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
                            last_sequence, last_position, updated_at)
                        values (?, ?, ?, ?, ?, 'IN_SERVICE', ?, ?, ?)""")
                .params(event.clusterId().value(), node.id().value(), node.address(), node.group(),
                        event.version().value(), envelope.sequence(), envelope.position(), at)
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

    void addNode(NodeAdded event, EventEnvelope envelope) {
        jdbc.sql("""
                        insert into node_status (cluster_id, node_id, address, node_group, version, state,
                            last_sequence, last_position, updated_at)
                        values (?, ?, ?, ?, ?, 'IN_SERVICE', ?, ?, ?)""")
                .params(event.clusterId().value(), event.node().id().value(), event.node().address(),
                        event.node().group(), event.version().value(), envelope.sequence(), envelope.position(),
                        Timestamp.from(envelope.timestamp()))
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

    /** A step on the node started, or its fact was recorded: the node's last step, and the event the row includes. */
    void nodeStep(EventEnvelope envelope, NodeId nodeId, UpgradeId upgradeId, String stepId, StepAction action,
                  String stepStatus) {
        jdbc.sql("""
                        update node_status set last_upgrade_id = ?, last_step_id = ?, last_action = ?,
                            last_step_status = ?, last_sequence = ?, last_position = ?, updated_at = ?
                        where cluster_id = ? and node_id = ?""")
                .params(upgradeId.value(), stepId, action.name(), stepStatus, envelope.sequence(), envelope.position(),
                        Timestamp.from(envelope.timestamp()), envelope.clusterId().value(), nodeId.value())
                .update();
    }

    /** An attempt of a step failed or timed out: the node whose last step it is shows it. */
    void nodeStepOutcome(EventEnvelope envelope, UpgradeId upgradeId, String stepId, String stepStatus) {
        jdbc.sql("""
                        update node_status set last_step_status = ?, last_sequence = ?, last_position = ?,
                            updated_at = ?
                        where cluster_id = ? and last_upgrade_id = ? and last_step_id = ?""")
                .params(stepStatus, envelope.sequence(), envelope.position(), Timestamp.from(envelope.timestamp()),
                        envelope.clusterId().value(), upgradeId.value(), stepId)
                .update();
    }

    /** The upgrade ended or its plan was replaced: a step still running or waiting for a retry on a node never ends. */
    void cancelNodeSteps(EventEnvelope envelope, UpgradeId upgradeId) {
        jdbc.sql("""
                        update node_status set last_step_status = 'CANCELLED', last_sequence = ?, last_position = ?,
                            updated_at = ?
                        where cluster_id = ? and last_upgrade_id = ? and last_step_status in ('RUNNING', 'RETRYING')""")
                .params(envelope.sequence(), envelope.position(), Timestamp.from(envelope.timestamp()),
                        envelope.clusterId().value(), upgradeId.value())
                .update();
    }

    void quarantine(EventEnvelope envelope, NodeId nodeId, UpgradeId upgradeId, String stepId) {
        jdbc.sql("""
                        update node_status set state = 'QUARANTINED', last_upgrade_id = ?, last_step_id = ?,
                            last_sequence = ?, last_position = ?, updated_at = ?
                        where cluster_id = ? and node_id = ?""")
                .params(upgradeId.value(), stepId, envelope.sequence(), envelope.position(),
                        Timestamp.from(envelope.timestamp()), envelope.clusterId().value(), nodeId.value())
                .update();
    }

    void nodeState(ClusterId clusterId, NodeId nodeId, String state) {
        jdbc.sql("update node_status set state = ? where cluster_id = ? and node_id = ?")
                .params(state, clusterId.value(), nodeId.value()).update();
    }

    void nodeVersion(ClusterId clusterId, NodeId nodeId, Version version) {
        jdbc.sql("update node_status set version = ? where cluster_id = ? and node_id = ?")
                .params(version.value(), clusterId.value(), nodeId.value()).update();
    }

    /** A migration's schema step migrates the target cluster; the source keeps its schema, as the aggregate does. */
    void schemaVersion(ClusterId clusterId, String upgradeId, Version version) {
        jdbc.sql("""
                        update cluster_status c set schema_version = ? where c.cluster_id = ? and not exists (
                            select 1 from upgrade_progress p where p.cluster_id = c.cluster_id and p.upgrade_id = ?
                            and p.strategy = 'MIGRATION')""")
                .params(version.value(), clusterId.value(), upgradeId).update();
    }

    void upgrade(ClusterId clusterId, String upgradeId, String status, String targetVersion, boolean mixedWindow) {
        jdbc.sql("""
                        update cluster_status set upgrade_id = ?, upgrade_status = ?, target_version = ?,
                            mixed_version_window = ?, rolling_back = false where cluster_id = ?""")
                .params(upgradeId, status, targetVersion, mixedWindow, clusterId.value()).update();
    }

    void resumed(ClusterId clusterId) {
        jdbc.sql("update cluster_status set upgrade_status = case when rolling_back then 'ROLLING_BACK'"
                        + " else 'RUNNING' end where cluster_id = ?")
                .param(clusterId.value()).update();
    }

    void rollbackStarted(ClusterId clusterId) {
        jdbc.sql("update cluster_status set upgrade_status = 'ROLLING_BACK', rolling_back = true where cluster_id = ?")
                .param(clusterId.value()).update();
    }

    void manager(ClusterId clusterId, String managerId, long epoch) {
        jdbc.sql("update cluster_status set manager_id = ?, manager_epoch = ? where cluster_id = ?")
                .params(managerId, epoch, clusterId.value()).update();
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
                            mixed_version_window = ?, rolling_back = false where cluster_id = ?""")
                .params(status, version == null ? null : version.value(), "COMPLETED".equals(status),
                        clusterId.value())
                .update();
    }

    void retire(ClusterId clusterId) {
        jdbc.sql("update cluster_status set retired = true where cluster_id = ?").param(clusterId.value()).update();
    }

    /** The clusters that pass the filter, by id; one more than the page holds when there is a next page. */
    List<ClusterSummary> findAll(ClusterFilter filter) {
        StringBuilder sql = new StringBuilder("select * from (" + SUMMARIES + ") c where true");
        List<Object> params = new ArrayList<>();
        if (filter.product() != null) {
            sql.append(" and product = ?");
            params.add(filter.product());
        }
        if (filter.status() != null) {
            sql.append(" and state = ?");
            params.add(filter.status().name());
        }
        if (filter.version() != null) {
            sql.append(" and cluster_id in (select n.cluster_id from node_status n where n.version = ?)");
            params.add(filter.version().value());
        }
        if (filter.after() != null) {
            sql.append(" and cluster_id > ?");
            params.add(filter.after().value());
        }
        sql.append(" order by cluster_id");
        if (filter.limit() != null) {
            sql.append(" limit ?");
            params.add(filter.limit() + 1);
        }
        return jdbc.sql(sql.toString()).params(params).query(ClusterStatusRepository::summary).list();
    }

    Optional<ClusterSummary> find(ClusterId clusterId) {
        return jdbc.sql("select * from (" + SUMMARIES + ") c where cluster_id = ?")
                .param(clusterId.value())
                .query(ClusterStatusRepository::summary)
                .optional();
    }

    List<NodeStatus> nodes(ClusterId clusterId) {
        return jdbc.sql("select " + NODE_COLUMNS + " from node_status where cluster_id = ? order by node_id")
                .param(clusterId.value())
                .query((rs, row) -> new NodeStatus(rs.getString("node_id"), rs.getString("address"),
                        rs.getString("node_group"), rs.getString("version"), rs.getString("state"),
                        rs.getString("last_upgrade_id"), rs.getString("last_step_id"), rs.getString("last_action"),
                        rs.getString("last_step_status"),
                        rs.getTimestamp("updated_at") == null ? null : rs.getTimestamp("updated_at").toInstant(),
                        rs.getLong("last_sequence"), rs.getLong("last_position")))
                .list();
    }

    private static ClusterSummary summary(ResultSet rs, int row) throws SQLException {
        return new ClusterSummary(rs.getString("cluster_id"), rs.getString("product"), rs.getString("version"),
                rs.getString("schema_version"), rs.getInt("node_count"),
                rs.getTimestamp("registered_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("last_sequence"), rs.getLong("last_position"),
                new ClusterSummary.Upgrade(rs.getString("upgrade_id"), rs.getString("upgrade_status"),
                        rs.getString("target_version")),
                rs.getBoolean("mixed"), rs.getBoolean("retired"), ClusterStatus.valueOf(rs.getString("state")),
                List.of((String[]) rs.getArray("versions").getArray()),
                rs.getString("manager_id") == null ? null
                        : new ClusterSummary.Manager(rs.getString("manager_id"), rs.getLong("manager_epoch")));
    }
}
