package dev.upgradeledger.commandapi.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.TestIssuer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the fleet ITs set up and read back besides their subject: one-node clusters, the event types stored, a
 * cluster's upgrade completed as the executor would report it.
 */
final class StoredFleets {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoredFleets() {
    }

    /** Registers a one-node cluster of {@code product} on 1.0 and returns its id. */
    static String register(ApiClient api, String clusterId, String product) {
        ApiResponse response = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"%s","version":"1.0","nodes":[{"id":"n-1","address":"10.0.0.1:1"}]}"""
                .formatted(clusterId, product));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return clusterId;
    }

    /** The simple names of the events stored for an aggregate (a cluster's id, or a fleet's aggregate id), in order. */
    static List<String> types(JdbcClient jdbc, String aggregate) {
        return jdbc.sql("select payloadtype from domainevententry where aggregateidentifier = ? order by sequencenumber")
                .param(aggregate).query(String.class).list().stream()
                .map(type -> type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1)).toList();
    }

    static List<String> fleetTypes(JdbcClient jdbc, String fleetId) {
        return types(jdbc, FleetUpgrade.aggregateId(fleetId));
    }

    /** Reports every started step of the cluster's upgrade as succeeded, as the executor would, until it completes. */
    static void complete(ApiClient api, JdbcClient jdbc, String clusterId, String upgradeId) {
        reportUntil(api, jdbc, clusterId, upgradeId, "UpgradeCompleted");
    }

    /** Reports the started steps of the cluster's upgrade as succeeded until the cluster records {@code type}. */
    static void reportUntil(ApiClient api, JdbcClient jdbc, String clusterId, String upgradeId, String type) {
        ApiClient executor = api.as(TestIssuer.get().executor());
        Set<String> reported = new HashSet<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!types(jdbc, clusterId).contains(type)) {
            assertThat(System.currentTimeMillis()).as("the upgrade of " + clusterId + " records " + type + ": "
                    + types(jdbc, clusterId)).isLessThan(deadline);
            for (Started step : started(jdbc, clusterId)) {
                if (reported.add(step.stepId() + "#" + step.attempt())) {
                    ApiResponse report = executor.post("/api/v1/clusters/" + clusterId + "/upgrades/" + upgradeId
                                    + "/steps/" + step.stepId() + "/outcome", "{\"attempt\":" + step.attempt()
                                    + ",\"managerEpoch\":" + step.managerEpoch()
                                    + ",\"outcome\":\"SUCCEEDED\",\"facts\":{}}");
                    assertThat(report.status()).as(report.body()).isEqualTo(200);
                }
            }
            pause();
        }
    }

    /** The payload of the fleet's last stored event of {@code type}. */
    static JsonNode fleetEvent(JdbcClient jdbc, String fleetId, String type) {
        return JSON.readTree(jdbc.sql("select convert_from(payload, 'UTF8') from domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like ? order by sequencenumber desc limit 1")
                .params(FleetUpgrade.aggregateId(fleetId), "%$" + type).query(String.class).single());
    }

    /** Waits up to a minute for {@code condition}, failing with {@code what}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Started> started(JdbcClient jdbc, String clusterId) {
        return jdbc.sql("select p ->> 'stepId', (p ->> 'attempt')::int, (p ->> 'managerEpoch')::bigint from ("
                        + "select convert_from(payload, 'UTF8')::jsonb as p, sequencenumber from domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like '%.StepStarted') s order by sequencenumber")
                .param(clusterId)
                .query((rs, row) -> new Started(rs.getString(1), rs.getInt(2), rs.getLong(3))).list();
    }

    private record Started(String stepId, int attempt, long managerEpoch) {
    }
}
