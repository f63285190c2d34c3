package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The plans PostgreSQL makes for a batch's reads, over a large cluster inserted in a transaction that is rolled back
 * (never analysed: the statistics are stale, as right after a large plan was projected).
 */
public final class QueryPlans {

    /** Nodes and steps of the large cluster: enough for a whole-table scan to cost more than per-key lookups. */
    public static final int ROWS = 5_000;

    private final JdbcClient jdbc;
    private final PlatformTransactionManager transactions;

    public QueryPlans(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** A cluster of {@link #ROWS} nodes ("n-1" ...) with upgrade "u" of {@link #ROWS} steps ("s1" ...) in plan 1. */
    public record LargeCluster(String clusterId) {

        public String[] clusters(int keys) {
            String[] values = new String[keys];
            Arrays.fill(values, clusterId);
            return values;
        }

        public static String[] same(String value, int keys) {
            String[] values = new String[keys];
            Arrays.fill(values, value);
            return values;
        }

        public static String[] numbered(String prefix, int keys) {
            String[] values = new String[keys];
            for (int i = 0; i < keys; i++) {
                values[i] = prefix + (i * 7 % ROWS + 1);
            }
            return values;
        }
    }

    /**
     * Asserts that {@code plan} looks each key up on its own in an index of {@code table}: a nested loop over the keys,
     * no hash join, no scan of the whole table.
     */
    public static void assertKeyByKey(String plan, String table) {
        assertThat(plan).as(plan).contains("Nested Loop").doesNotContain("Hash Join")
                .doesNotContain("Seq Scan on " + table)
                .containsPattern("Index (Only )?Scan using \\w+ on " + table);
    }

    /** The plan of {@code sql} with {@code params}, over a large cluster that exists only while it is explained. */
    public String explain(String sql, java.util.function.Function<LargeCluster, Object[]> params) {
        return new TransactionTemplate(transactions).execute(status -> {
            status.setRollbackOnly();
            LargeCluster cluster = new LargeCluster("plans-" + UUID.randomUUID().toString().substring(0, 8));
            jdbc.sql("""
                            insert into cluster_status (cluster_id, product, version, schema_version, node_count,
                                registered_at, updated_at, last_sequence, last_position, last_event_id)
                            values (?, 'camunda', '7.5', '7.5', ?, now(), now(), 0, 0, 'e')""")
                    .params(cluster.clusterId(), ROWS).update();
            jdbc.sql("""
                            insert into node_status (cluster_id, node_id, address, version, state, last_sequence,
                                last_upgrade_id, last_step_id, last_step_status)
                            select ?, 'n-' || i, '10.0.0.1:8080', '7.5', 'IN_SERVICE', 0, 'u', 's' || i, 'SUCCEEDED'
                            from generate_series(1, ?) i""")
                    .params(cluster.clusterId(), ROWS).update();
            jdbc.sql("""
                            insert into upgrade_step (cluster_id, upgrade_id, plan_no, step_id, stage_index, step_index,
                                stage_description, action, node_id, target_cluster_id, status, last_sequence,
                                last_position)
                            select ?, 'u', 1, 's' || i, i, 0, 'upgrade', 'UPGRADE_NODE', 'n-' || i, ?, 'PENDING', 0, 0
                            from generate_series(1, ?) i""")
                    .params(cluster.clusterId(), cluster.clusterId(), ROWS).update();
            List<String> lines = jdbc.sql("explain " + sql).params(params.apply(cluster)).query(String.class).list();
            return String.join("\n", lines);
        });
    }
}
