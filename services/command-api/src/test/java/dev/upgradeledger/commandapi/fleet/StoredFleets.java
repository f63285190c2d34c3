package dev.upgradeledger.commandapi.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the fleet ITs set up and read back besides their subject: one-node clusters, the event types stored. */
final class StoredFleets {

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
}
