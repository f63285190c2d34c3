package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterLabels;
import dev.upgradeledger.projection.BatchUpsert;
import dev.upgradeledger.projection.BatchUpsert.Column;
import dev.upgradeledger.projection.model.ClusterRow;
import dev.upgradeledger.projection.model.NodeRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class ClusterStatusRepository {

    /** Every cluster as a summary, with its {@link ClusterStatus} ({@code state}) and its nodes' versions. */
    private static final String SUMMARIES = """
            select s.*, case when s.retired then 'RETIRED'
                             when s.upgrade_status = 'PAUSED' then 'PAUSED'
                             when s.upgrade_status = 'ROLLING_BACK' then 'ROLLING_BACK'
                             when s.upgrade_status in ('RUNNING', 'AWAITING_APPROVAL') then 'RUNNING'
                             when s.upgrade_status = 'FAILED' then 'FAILED'
                             when s.mixed then 'MIXED'
                             else 'CONVERGED' end as state
            from (select cluster_id, product, version, schema_version, node_count, registered_at, updated_at,
                      last_sequence, last_position, upgrade_id, upgrade_status, target_version, retired, manager_id,
                      manager_epoch, labels,
                      (mixed_version_window or (select count(distinct n.version) from node_status n
                                                where n.cluster_id = cluster_status.cluster_id) > 1) as mixed,
                      array(select distinct n.version from node_status n
                            where n.cluster_id = cluster_status.cluster_id order by n.version) as versions
                  from cluster_status) s""";
    private static final String NODE_COLUMNS = """
            node_id, address, node_group, node_role, version, state, last_upgrade_id, last_step_id, last_action,
            last_step_status, updated_at, last_sequence, last_position""";

    private static final BatchUpsert CLUSTERS = BatchUpsert.of("cluster_status", List.of("cluster_id"), List.of(
            new Column("cluster_id", Types.VARCHAR), new Column("product", Types.VARCHAR),
            new Column("version", Types.VARCHAR), new Column("schema_version", Types.VARCHAR),
            new Column("node_count", Types.INTEGER), new Column("registered_at", Types.TIMESTAMP),
            new Column("updated_at", Types.TIMESTAMP), new Column("last_sequence", Types.BIGINT),
            new Column("last_position", Types.BIGINT), new Column("last_event_id", Types.VARCHAR),
            new Column("upgrade_id", Types.VARCHAR), new Column("upgrade_status", Types.VARCHAR),
            new Column("target_version", Types.VARCHAR), new Column("mixed_version_window", Types.BOOLEAN),
            new Column("retired", Types.BOOLEAN), new Column("manager_id", Types.VARCHAR),
            new Column("manager_epoch", Types.BIGINT), new Column("rolling_back", Types.BOOLEAN),
            new Column("approval_pending", Types.BOOLEAN), Column.jsonb("labels")));
    private static final BatchUpsert NODES = BatchUpsert.of("node_status", List.of("cluster_id", "node_id"), List.of(
            new Column("cluster_id", Types.VARCHAR), new Column("node_id", Types.VARCHAR),
            new Column("address", Types.VARCHAR), new Column("node_group", Types.VARCHAR),
            new Column("node_role", Types.VARCHAR),
            new Column("version", Types.VARCHAR), new Column("state", Types.VARCHAR),
            new Column("last_sequence", Types.BIGINT), new Column("last_position", Types.BIGINT),
            new Column("updated_at", Types.TIMESTAMP), new Column("last_upgrade_id", Types.VARCHAR),
            new Column("last_step_id", Types.VARCHAR), new Column("last_action", Types.VARCHAR),
            new Column("last_step_status", Types.VARCHAR)));

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ClusterStatusRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** What a batch needs of the nodes of its clusters. */
    static final class Wanted {

        final Set<String> clusters = new TreeSet<>();
        private final List<String[]> named = new ArrayList<>();
        private final List<String[]> lastSteps = new ArrayList<>();
        private final List<String[]> running = new ArrayList<>();

        /** A node the batch names. */
        void node(String clusterId, String nodeId) {
            named.add(new String[] {clusterId, nodeId});
        }

        /** The nodes whose last step is this one (an attempt of it ended). */
        void lastStep(String clusterId, String upgradeId, String stepId) {
            lastSteps.add(new String[] {clusterId, upgradeId, stepId});
        }

        /** The nodes with a step of the upgrade running or waiting for a retry (the upgrade ends or rolls back). */
        void running(String clusterId, String upgradeId) {
            running.add(new String[] {clusterId, upgradeId});
        }
    }

    /**
     * The rows of the clusters, each with the strategy of its current upgrade (from the upgrade's progress row, read
     * before the batch writes it), which tells whether a schema step migrated the cluster.
     */
    List<ClusterRow> clusters(Collection<String> clusterIds) {
        if (clusterIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select c.*, p.strategy as upgrade_strategy from cluster_status c
                        left join upgrade_progress p on p.cluster_id = c.cluster_id and p.upgrade_id = c.upgrade_id
                        where c.cluster_id = any(?)""")
                .param(clusterIds.toArray(String[]::new))
                .query((rs, row) -> {
                    ClusterRow cluster = new ClusterRow();
                    cluster.clusterId = rs.getString("cluster_id");
                    cluster.product = rs.getString("product");
                    cluster.version = rs.getString("version");
                    cluster.schemaVersion = rs.getString("schema_version");
                    cluster.nodeCount = rs.getInt("node_count");
                    cluster.registeredAt = instant(rs, "registered_at");
                    cluster.updatedAt = instant(rs, "updated_at");
                    cluster.lastSequence = rs.getLong("last_sequence");
                    cluster.lastPosition = rs.getLong("last_position");
                    cluster.lastEventId = rs.getString("last_event_id");
                    cluster.upgradeId = rs.getString("upgrade_id");
                    cluster.upgradeStatus = rs.getString("upgrade_status");
                    cluster.targetVersion = rs.getString("target_version");
                    cluster.mixedVersionWindow = rs.getBoolean("mixed_version_window");
                    cluster.retired = rs.getBoolean("retired");
                    cluster.managerId = rs.getString("manager_id");
                    cluster.managerEpoch = rs.getLong("manager_epoch");
                    cluster.rollingBack = rs.getBoolean("rolling_back");
                    cluster.approvalPending = rs.getBoolean("approval_pending");
                    cluster.strategy = rs.getString("upgrade_strategy");
                    cluster.labels = labels(rs);
                    return cluster;
                })
                .list();
    }

    /** The nodes the batch can change, by cluster: named ones, and those selected by their last step. */
    Map<String, List<NodeRow>> nodes(Wanted wanted) {
        Map<String, List<NodeRow>> byCluster = new HashMap<>();
        if (wanted.named.isEmpty() && wanted.lastSteps.isEmpty() && wanted.running.isEmpty()) {
            return byCluster;
        }
        jdbc.sql("""
                        select n.* from node_status n
                            join unnest(?::varchar[], ?::varchar[]) k(c, id) on n.cluster_id = k.c and n.node_id = k.id
                        union
                        select n.* from node_status n
                            join unnest(?::varchar[], ?::varchar[], ?::varchar[]) k(c, u, s) on n.cluster_id = k.c
                                and n.last_upgrade_id = k.u and n.last_step_id = k.s
                        union
                        select n.* from node_status n
                            join unnest(?::varchar[], ?::varchar[]) k(c, u) on n.cluster_id = k.c
                                and n.last_upgrade_id = k.u
                            where n.last_step_status in ('RUNNING', 'RETRYING')""")
                .params(column(wanted.named, 0), column(wanted.named, 1), column(wanted.lastSteps, 0),
                        column(wanted.lastSteps, 1), column(wanted.lastSteps, 2), column(wanted.running, 0),
                        column(wanted.running, 1))
                .query((rs, row) -> {
                    NodeRow node = new NodeRow();
                    node.nodeId = rs.getString("node_id");
                    node.address = rs.getString("address");
                    node.group = rs.getString("node_group");
                    node.role = rs.getString("node_role");
                    node.version = rs.getString("version");
                    node.state = rs.getString("state");
                    node.lastUpgradeId = rs.getString("last_upgrade_id");
                    node.lastStepId = rs.getString("last_step_id");
                    node.lastAction = rs.getString("last_action");
                    node.lastStepStatus = rs.getString("last_step_status");
                    node.updatedAt = instant(rs, "updated_at");
                    node.lastSequence = rs.getLong("last_sequence");
                    node.lastPosition = rs.getLong("last_position");
                    byCluster.computeIfAbsent(rs.getString("cluster_id"), id -> new ArrayList<>()).add(node);
                    return node;
                })
                .list();
        return byCluster;
    }

    /** Writes what a batch changed: the clusters' rows, then the nodes removed and the nodes added or changed. */
    void write(List<ClusterStatusProjection.Scope> scopes) {
        List<Object[]> clusters = BatchUpsert.rows();
        List<Object[]> nodes = BatchUpsert.rows();
        List<Object[]> removed = new ArrayList<>();
        for (ClusterStatusProjection.Scope scope : scopes) {
            ClusterRow c = scope.cluster;
            clusters.add(new Object[] {c.clusterId, c.product, c.version, c.schemaVersion, c.nodeCount,
                    timestamp(c.registeredAt), timestamp(c.updatedAt), c.lastSequence, c.lastPosition, c.lastEventId,
                    c.upgradeId, c.upgradeStatus, c.targetVersion, c.mixedVersionWindow, c.retired, c.managerId,
                    c.managerEpoch, c.rollingBack, c.approvalPending,
                    JSON.writeValueAsString(c.labels == null ? Map.of() : c.labels)});
            scope.removed.forEach(nodeId -> removed.add(new Object[] {c.clusterId, nodeId}));
            for (NodeRow n : scope.changed) {
                nodes.add(new Object[] {c.clusterId, n.nodeId, n.address, n.group, n.role, n.version, n.state,
                        n.lastSequence, n.lastPosition, timestamp(n.updatedAt), n.lastUpgradeId, n.lastStepId,
                        n.lastAction, n.lastStepStatus});
            }
        }
        CLUSTERS.write(batch, clusters);
        if (!removed.isEmpty()) {
            batch.batchUpdate("delete from node_status where cluster_id = ? and node_id = ?", removed,
                    new int[] {Types.VARCHAR, Types.VARCHAR});
        }
        NODES.write(batch, nodes);
    }

    private static String[] column(List<String[]> keys, int index) {
        return keys.stream().map(key -> key[index]).toArray(String[]::new);
    }

    /** The labels column, in key order. */
    private static Map<String, String> labels(ResultSet rs) throws SQLException {
        String text = rs.getString("labels");
        return text == null ? Map.of() : ClusterLabels.copy(JSON.readValue(text, LABELS));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
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
        if (!filter.labels().isEmpty()) {
            sql.append(" and labels @> ?::jsonb");
            params.add(JSON.writeValueAsString(filter.labels()));
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

    /** When and at which sequence an event that decides the feature gate was recorded. */
    record DecidingEvent(Instant at, long sequence) {
    }

    /** The cluster's latest event of these types (of this upgrade, when given) in its history. */
    Optional<DecidingEvent> decidingEvent(ClusterId clusterId, String upgradeId, List<String> types) {
        return jdbc.sql("select occurred_at, sequence from history_event where cluster_id = ?"
                        + " and event_type = any(?::varchar[]) and (cast(? as varchar) is null or upgrade_id = ?)"
                        + " order by sequence desc limit 1")
                .params(clusterId.value(), types.toArray(String[]::new), upgradeId, upgradeId)
                .query((rs, row) -> new DecidingEvent(rs.getTimestamp("occurred_at").toInstant(),
                        rs.getLong("sequence")))
                .optional();
    }

    /** The cluster's nodes by id after {@code after} (null: from the first), at most {@code limit}. */
    List<NodeStatus> nodes(ClusterId clusterId, String after, int limit) {
        return jdbc.sql("select " + NODE_COLUMNS + " from node_status where cluster_id = ?"
                        + " and (cast(? as varchar) is null or node_id > ?) order by node_id limit ?")
                .params(clusterId.value(), after, after, limit)
                .query((rs, row) -> new NodeStatus(rs.getString("node_id"), rs.getString("address"),
                        rs.getString("node_group"), rs.getString("node_role"), rs.getString("version"),
                        rs.getString("state"),
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
                        : new ClusterSummary.Manager(rs.getString("manager_id"), rs.getLong("manager_epoch")),
                labels(rs));
    }
}
