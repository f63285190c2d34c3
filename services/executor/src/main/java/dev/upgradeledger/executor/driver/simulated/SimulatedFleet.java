package dev.upgradeledger.executor.driver.simulated;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionContext.NodeTarget;
import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.nodes.FleetListener;
import dev.upgradeledger.executor.runner.ExecutorProperties;
import dev.upgradeledger.support.Digests;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulated nodes, in the executor's database so that they outlive a crash of the executor: one per node
 * registered for a cluster that uses the simulated driver. An action takes effect at most once per idempotency key:
 * its result is stored with the key in the transaction of its effect, and the same key again only counts the
 * delivery and answers the stored result.
 */
@ConditionalOnBooleanProperty("ledger.executor.drivers.simulated.enabled")
@Component
public class SimulatedFleet implements FleetListener {

    static final String DRIVER = "simulated";

    private final JdbcClient jdbc;
    private final ExecutorProperties executor;
    private final JsonMapper json = JsonMapper.builder().build();

    SimulatedFleet(JdbcClient jdbc, ExecutorProperties executor) {
        this.jdbc = jdbc;
        this.executor = executor;
    }

    @Override
    public void nodeRegistered(String clusterId, NodeTarget node) {
        if (!DRIVER.equals(executor.driverOf(clusterId))) {
            return;
        }
        ensureCluster(clusterId);
        jdbc.sql("insert into sim_node (cluster_id, node_id, version) values (?, ?, ?) on conflict do nothing")
                .params(clusterId, node.id(), node.version()).update();
    }

    @Transactional
    public ActionResult apply(ActionContext context, Function<ActionContext, ActionResult> effect) {
        Optional<String> earlier = jdbc.sql("select result from sim_action where idempotency_key = ? for update")
                .param(context.idempotencyKey()).query(String.class).optional();
        if (earlier.isPresent()) {
            jdbc.sql("update sim_action set received = received + 1 where idempotency_key = ?")
                    .param(context.idempotencyKey()).update();
            return json.readValue(earlier.get(), StoredResult.class).result();
        }
        ensureCluster(context.clusterId());
        ActionResult result = effect.apply(context);
        jdbc.sql("insert into sim_action (idempotency_key, cluster_id, node_id, action, result) values (?, ?, ?, ?, ?)")
                .params(context.idempotencyKey(), context.clusterId(),
                        context.node() == null ? null : context.node().id(), context.action().name(),
                        json.writeValueAsString(StoredResult.of(result)))
                .update();
        return result;
    }

    // ---- effects, called inside apply ------------------------------------------------------------------------

    void setWorkloadsHalted(String clusterId, boolean halted) {
        jdbc.sql("update sim_cluster set workloads_halted = ? where cluster_id = ?").params(halted, clusterId).update();
    }

    void setSchemaVersion(String clusterId, String schemaVersion) {
        jdbc.sql("update sim_cluster set schema_version = ? where cluster_id = ?").params(schemaVersion, clusterId)
                .update();
    }

    void setLastExport(String clusterId, String checksum) {
        jdbc.sql("update sim_cluster set last_export = ? where cluster_id = ?").params(checksum, clusterId).update();
    }

    Optional<String> lastExport(String clusterId) {
        return jdbc.sql("select last_export from sim_cluster where cluster_id = ?").param(clusterId)
                .query(String.class).optional().filter(value -> value != null);
    }

    /** The checksum a simulated export answered, by its dump reference ({@code sim://<idempotency key>}). */
    Optional<String> exportedChecksum(String dumpRef) {
        if (!dumpRef.startsWith("sim://")) {
            return Optional.empty();
        }
        return jdbc.sql("select result from sim_action where idempotency_key = ? and action = 'EXPORT_STATE'")
                .param(dumpRef.substring("sim://".length())).query(String.class).optional()
                .map(stored -> json.readValue(stored, StoredResult.class).facts())
                .map(facts -> facts.get("checksum"));
    }

    void addMovedGroup(String clusterId, String group) {
        jdbc.sql("update sim_cluster set moved_groups = case when moved_groups = '' then ? else moved_groups || ',' || ?"
                + " end where cluster_id = ?").params(group, group, clusterId).update();
    }

    void setServerStopped(String clusterId, boolean stopped) {
        jdbc.sql("update sim_cluster set server_stopped = ? where cluster_id = ?").params(stopped, clusterId).update();
    }

    boolean serverStopped(String clusterId) {
        return jdbc.sql("select server_stopped from sim_cluster where cluster_id = ?").param(clusterId)
                .query(Boolean.class).optional().orElse(false);
    }

    /** A restore brings these environments, all halted, none compiled yet. */
    void restoreEnvironments(String clusterId, String environments) {
        jdbc.sql("update sim_cluster set environments = ?, compiled_environments = '', resumed_environments = ''"
                + " where cluster_id = ?").params(environments, clusterId).update();
    }

    List<String> environments(String clusterId) {
        return list(clusterId, "environments");
    }

    List<String> compiledEnvironments(String clusterId) {
        return list(clusterId, "compiled_environments");
    }

    List<String> resumedEnvironments(String clusterId) {
        return list(clusterId, "resumed_environments");
    }

    void addEnvironment(String clusterId, String column, String environment) {
        if (!List.of("compiled_environments", "resumed_environments").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        if (list(clusterId, column).contains(environment)) {
            return;
        }
        jdbc.sql("update sim_cluster set " + column + " = case when " + column + " = '' then ? else " + column
                + " || ',' || ? end where cluster_id = ?").params(environment, environment, clusterId).update();
    }

    private List<String> list(String clusterId, String column) {
        String value = jdbc.sql("select " + column + " from sim_cluster where cluster_id = ?").param(clusterId)
                .query((rs, row) -> rs.getString(1)).optional().orElse(null);
        return value == null ? List.of() : Arrays.stream(value.split(",")).filter(item -> !item.isEmpty()).toList();
    }

    /** Replicante live move: the discovery groups configured on the cluster ({@code *} removes every one). */
    void removeDiscoveryGroup(String clusterId, String group) {
        List<String> groups = new java.util.ArrayList<>(discoveryGroups(clusterId));
        if ("*".equals(group)) {
            groups.clear();
        } else {
            groups.remove(group);
        }
        setDiscoveryGroups(clusterId, groups);
    }

    void addDiscoveryGroup(String clusterId, String group) {
        List<String> groups = new java.util.ArrayList<>(discoveryGroups(clusterId));
        if (!groups.contains(group)) {
            groups.add(group);
        }
        setDiscoveryGroups(clusterId, groups);
    }

    void restart(String clusterId) {
        jdbc.sql("update sim_cluster set restarts = restarts + 1 where cluster_id = ?").param(clusterId).update();
    }

    List<String> discoveryGroups(String clusterId) {
        return jdbc.sql("select discovery_groups from sim_cluster where cluster_id = ?").param(clusterId)
                .query(String.class).optional()
                .map(value -> value == null || value.isEmpty() ? List.<String>of() : List.of(value.split(",")))
                .orElse(List.of());
    }

    private void setDiscoveryGroups(String clusterId, List<String> groups) {
        jdbc.sql("update sim_cluster set discovery_groups = ? where cluster_id = ?")
                .params(String.join(",", groups), clusterId).update();
    }

    Optional<SimulatedNode> node(String clusterId, String nodeId) {
        return jdbc.sql("select node_id, version, isolated, removed from sim_node where cluster_id = ? and node_id = ?")
                .params(clusterId, nodeId)
                .query((rs, row) -> new SimulatedNode(rs.getString("node_id"), rs.getString("version"),
                        rs.getBoolean("isolated"), rs.getBoolean("removed")))
                .optional();
    }

    void setNode(String clusterId, String nodeId, String column, Object value) {
        if (!List.of("version", "isolated", "removed", "stopped").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        jdbc.sql("update sim_node set " + column + " = ? where cluster_id = ? and node_id = ?")
                .params(value, clusterId, nodeId).update();
    }

    /** Whether the peer was stopped (STOP_NODE) and not started since. */
    boolean stopped(String clusterId, String nodeId) {
        return jdbc.sql("select stopped from sim_node where cluster_id = ? and node_id = ?").params(clusterId, nodeId)
                .query(Boolean.class).optional().orElse(false);
    }

    /** The peers of the cluster in its membership (not removed) that run: a state upgrade needs none of them. */
    List<String> runningPeers(String clusterId) {
        return jdbc.sql("select node_id from sim_node where cluster_id = ? and not removed and not stopped"
                + " order by node_id").param(clusterId).query(String.class).list();
    }

    /**
     * A digest of the cluster's shared state (IPFS Cluster: its pinset) in its current format, as every peer holding a
     * full copy of it has it.
     */
    String sharedStateChecksum(String clusterId) {
        String format = jdbc.sql("select coalesce(schema_version, '') from sim_cluster where cluster_id = ?")
                .param(clusterId).query(String.class).optional().orElse("");
        return "sha256:" + Digests.sha256Hex(clusterId + "|pinset|" + format);
    }

    /** A digest of the cluster's simulated state: what an export of it contains. */
    String stateChecksum(String clusterId) {
        String state = jdbc.sql("select coalesce(string_agg(node_id || '=' || version, ',' order by node_id), '')"
                + " from sim_node where cluster_id = ?").param(clusterId).query(String.class).single();
        return "sha256:" + Digests.sha256Hex(clusterId + "|" + state);
    }

    // ---- the view the simulated fleet API shows ----------------------------------------------------------------

    public Optional<FleetView> view(String clusterId) {
        return jdbc.sql("select schema_version, workloads_halted, moved_groups, server_stopped from sim_cluster"
                        + " where cluster_id = ?")
                .param(clusterId)
                .query((rs, row) -> new FleetView(clusterId, rs.getString("schema_version"),
                        rs.getBoolean("workloads_halted"), Arrays.stream(rs.getString("moved_groups").split(","))
                        .filter(group -> !group.isEmpty()).toList(), nodes(clusterId), actions(clusterId),
                        rs.getBoolean("server_stopped"), environments(clusterId), compiledEnvironments(clusterId),
                        resumedEnvironments(clusterId)))
                .optional();
    }

    List<SimulatedNode> nodes(String clusterId) {
        return jdbc.sql("select node_id, version, isolated, removed from sim_node where cluster_id = ? order by node_id")
                .param(clusterId)
                .query((rs, row) -> new SimulatedNode(rs.getString("node_id"), rs.getString("version"),
                        rs.getBoolean("isolated"), rs.getBoolean("removed")))
                .list();
    }

    private List<ReceivedAction> actions(String clusterId) {
        return jdbc.sql("""
                        select idempotency_key, node_id, action, result, performed_at, received from sim_action
                        where cluster_id = ? order by performed_at, idempotency_key""")
                .param(clusterId)
                .query((rs, row) -> new ReceivedAction(rs.getString("idempotency_key"), rs.getString("node_id"),
                        rs.getString("action"), json.readValue(rs.getString("result"), StoredResult.class),
                        rs.getTimestamp("performed_at").toInstant(), rs.getInt("received")))
                .list();
    }

    private void ensureCluster(String clusterId) {
        jdbc.sql("insert into sim_cluster (cluster_id) values (?) on conflict do nothing").param(clusterId).update();
    }

    /** A simulated node: the version it really runs and its state. */
    public record SimulatedNode(String id, String version, boolean isolated, boolean removed) {
    }

    /** An action a simulated node (or cluster) took, with its idempotency key and how often it was delivered. */
    public record ReceivedAction(String idempotencyKey, String nodeId, String action, StoredResult result,
                                 Instant performedAt, int received) {
    }

    /**
     * A simulated cluster as it is: its schema, workloads, nodes and the actions it received; for an orchestrator of
     * the Inmanta migration also whether its server is stopped and its restored, compiled and resumed environments.
     */
    public record FleetView(String clusterId, String schemaVersion, boolean workloadsHalted, List<String> movedGroups,
                            List<SimulatedNode> nodes, List<ReceivedAction> actions, boolean serverStopped,
                            List<String> environments, List<String> compiledEnvironments,
                            List<String> resumedEnvironments) {
    }

    /** An {@link ActionResult} as stored and shown. */
    public record StoredResult(String status, Map<String, String> facts, String code, String message,
                               boolean retryable) {

        static StoredResult of(ActionResult result) {
            if (result instanceof ActionResult.Succeeded succeeded) {
                return new StoredResult("SUCCEEDED", succeeded.facts(), null, null, false);
            }
            ActionResult.Failed failed = (ActionResult.Failed) result;
            return new StoredResult("FAILED", Map.of(), failed.code(), failed.message(), failed.retryable());
        }

        ActionResult result() {
            return "SUCCEEDED".equals(status) ? ActionResult.succeeded(facts == null ? Map.of() : facts)
                    : ActionResult.failed(code, message, retryable);
        }
    }
}
