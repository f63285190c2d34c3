package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.testsupport.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What the guides' procedure tests do as an SRE would, on the shared {@link ThreeServices}: register a cluster and wait
 * until the simulated fleet has it, request an upgrade, wait for a status, read the recorded history.
 */
final class GuideSession {

    final ApiClient commands;
    final ApiClient queries;
    final ApiClient fleet;

    private GuideSession(ApiClient commands, ApiClient queries, ApiClient fleet) {
        this.commands = commands;
        this.queries = queries;
        this.fleet = fleet;
    }

    static GuideSession onSharedServices() throws Exception {
        ThreeServices services = ThreeServices.get();
        return new GuideSession(new ApiClient(services.commandApi.baseUrl().toString()),
                new ApiClient(services.projection.baseUrl().toString()),
                new ApiClient(services.executor.baseUrl().toString()));
    }

    /** Registers {@code body} with a new cluster id in its {@code %s}, starting with {@code prefix}; answers the id. */
    String register(String prefix, String body) {
        String clusterId = prefix + UUID.randomUUID().toString().substring(0, 13);
        registerAs(clusterId, body.formatted(clusterId));
        return clusterId;
    }

    /** Registers {@code json} (a cluster named {@code clusterId}) and waits until the simulated fleet has it. */
    String registerAs(String clusterId, String json) {
        ApiClient.ApiResponse response = commands.post("/api/v1/clusters", json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fleet.get("/api/v1/simulated/clusters/" + clusterId).status() == 200);
        return clusterId;
    }

    void upgrade(String clusterId, String body) {
        ApiClient.ApiResponse accepted = commands.post("/api/v1/clusters/" + clusterId + "/upgrades", body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    }

    /** Waits until the cluster's current upgrade has {@code status}; answers the cluster's status then. */
    JsonNode awaitUpgradeStatus(String clusterId, String status) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> status.equals(
                queries.get("/api/v1/clusters/" + clusterId).json().at("/cluster/upgrade/status").asString()));
        return queries.get("/api/v1/clusters/" + clusterId).json();
    }

    /** The cluster's recorded events of these types (all types when none), oldest first, at most 500. */
    List<JsonNode> history(String clusterId, String... types) {
        StringBuilder query = new StringBuilder("/api/v1/clusters/" + clusterId + "/history?limit=500");
        for (String type : types) {
            query.append("&type=").append(type);
        }
        List<JsonNode> events = new ArrayList<>();
        queries.get(query.toString()).json().get("events").forEach(events::add);
        return events;
    }
}
