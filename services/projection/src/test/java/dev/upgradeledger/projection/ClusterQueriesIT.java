package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterLabelsChanged;
import dev.upgradeledger.events.ClusterRetired;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.ManagementClaimed;
import dev.upgradeledger.events.ManagementHandedOver;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@LedgerIntegrationTest
class ClusterQueriesIT extends ProjectionIntegrationTest {

    private String product;
    private final Map<String, History> fleet = new LinkedHashMap<>();

    /** Six clusters of one product, one in each status but FAILED (no command records UpgradeFailed yet). */
    @BeforeEach
    void fleetInEveryStatus() {
        product = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        History converged = cluster("a-converged");
        converged.add(new ManagementClaimed(converged.clusterId(), "ledger-eu", 1));
        converged.add(new ManagementHandedOver(converged.clusterId(), "ledger-eu", "ledger-us", 2));

        History running = cluster("b-running");
        UpgradeRun.rolling(running, "u-" + UUID.randomUUID(), "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1",
                "peer-2").runStage(0);

        History paused = cluster("c-paused");
        UpgradeRun pausedRun = UpgradeRun.rolling(paused, "u-" + UUID.randomUUID(), "1.0.8", "1.1.0",
                FailurePolicy.PAUSE, "peer-1", "peer-2");
        paused.add(new UpgradePaused(paused.clusterId(), pausedRun.upgradeId, "paused by an operator"));

        History mixed = cluster("d-mixed");
        UpgradeRun mixedRun = UpgradeRun.rolling(mixed, "u-" + UUID.randomUUID(), "1.0.8", "1.1.0",
                FailurePolicy.PAUSE, "peer-1", "peer-2");
        for (int stage = 0; stage <= 2; stage++) {
            mixedRun.runStage(stage);
        }
        mixed.add(new UpgradeAborted(mixed.clusterId(), mixedRun.upgradeId, "aborted by an operator"));

        History rollingBack = cluster("e-rolling-back");
        UpgradeRun back = UpgradeRun.rolling(rollingBack, "u-" + UUID.randomUUID(), "1.0.8", "1.1.0",
                FailurePolicy.PAUSE, "peer-1", "peer-2");
        for (int stage = 0; stage <= 2; stage++) {
            back.runStage(stage);
        }
        rollingBack.add(new RollbackStarted(rollingBack.clusterId(), back.upgradeId, "rolled back by an operator",
                back.plan));
        rollingBack.add(new UpgradePaused(rollingBack.clusterId(), back.upgradeId, "paused by an operator"));
        rollingBack.add(new UpgradeResumed(rollingBack.clusterId(), back.upgradeId));

        History retired = cluster("f-retired");
        retired.add(new ClusterRetired(retired.clusterId(), "migrated away"));

        fleet.values().forEach(history -> publishAndAwait(history.all()));
    }

    @Test
    void everyClusterHasAStatusItsVersionsAndItsManager() {
        JsonNode listed = api.get("/api/v1/clusters?product=" + product).json();

        assertThat(listed.isArray()).as("the list stays an array").isTrue();
        Map<String, String> statuses = new LinkedHashMap<>();
        listed.forEach(cluster -> statuses.put(cluster.get("clusterId").asString(), cluster.get("status").asString()));
        assertThat(statuses).containsExactly(entry("a-converged", "CONVERGED"), entry("b-running", "RUNNING"),
                entry("c-paused", "PAUSED"), entry("d-mixed", "MIXED"), entry("e-rolling-back", "ROLLING_BACK"),
                entry("f-retired", "RETIRED"));
        JsonNode converged = listed.get(0);
        assertThat(converged.at("/manager/managerId").asString()).isEqualTo("ledger-us");
        assertThat(converged.at("/manager/epoch").asLong()).isEqualTo(2);
        assertThat(listed.get(1).get("manager").isNull()).isTrue();
        assertThat(strings(listed.get(3).get("versions"))).containsExactly("1.0.8", "1.1.0");
        assertThat(listed.get(3).at("/upgrade/status").asString()).isEqualTo("ABORTED");
        assertThat(listed.get(4).at("/upgrade/status").asString()).as("a resumed rollback is still one")
                .isEqualTo("ROLLING_BACK");
    }

    @Test
    void clustersAreFilteredByProductStatusAndVersion() {
        String base = "/api/v1/clusters?product=" + product;

        assertThat(ids(api.get(base + "&status=running").json())).containsExactly(id("b-running"));
        assertThat(ids(api.get(base + "&status=MIXED").json())).containsExactly(id("d-mixed"));
        assertThat(ids(api.get(base + "&status=FAILED").json())).isEmpty();
        assertThat(ids(api.get(base + "&version=1.1.0").json())).containsExactly(id("d-mixed"), id("e-rolling-back"));
        assertThat(ids(api.get(base + "&version=1.1.0&status=MIXED").json())).containsExactly(id("d-mixed"));
        assertThat(ids(api.get(base + "&version=9.9").json())).isEmpty();
        assertThat(ids(api.get("/api/v1/clusters?status=RETIRED").json())).contains(id("f-retired"))
                .doesNotContain(id("a-converged"));
    }

    @Test
    void labelsAreKeptListedFilteredByEveryPairAndTimeTravelled() {
        // given a cluster labelled at registration, one labelled afterwards, one of another region
        History gold = labelled("g-gold", Map.of("region", "eu", "tier", "gold"));
        History later = cluster("h-later");
        EventEnvelope changed = later.add(new ClusterLabelsChanged(later.clusterId(), Map.of("region", "eu")));
        History us = labelled("i-us", Map.of("region", "us", "tier", "gold"));
        List.of(gold, later, us).forEach(history -> publishAndAwait(history.all()));
        String base = "/api/v1/clusters?product=" + product;

        // then the list filters by every label asked for, and each cluster shows its labels
        assertThat(ids(api.get(base + "&label=region%3Deu").json())).containsExactly(id("g-gold"), id("h-later"));
        assertThat(ids(api.get(base + "&label=region%3Deu&label=tier%3Dgold").json())).containsExactly(id("g-gold"));
        assertThat(ids(api.get(base + "&label=tier%3Dgold").json())).containsExactly(id("g-gold"), id("i-us"));
        assertThat(ids(api.get(base + "&label=tier%3Dsilver").json())).isEmpty();
        assertThat(api.get("/api/v1/clusters/" + id("g-gold")).json().at("/cluster/labels"))
                .isEqualTo(api.get(base + "&label=tier%3Dgold&label=region%3Deu").json().at("/0/labels"));
        assertThat(api.get("/api/v1/clusters/" + id("h-later")).json().at("/cluster/labels/region").asString())
                .isEqualTo("eu");
        assertThat(api.get("/api/v1/clusters/" + id("a-converged")).json().at("/cluster/labels").size()).isZero();

        // and a redelivered change changes nothing
        redeliver(changed);
        assertThat(api.get("/api/v1/clusters/" + id("h-later")).json().at("/cluster/labels"))
                .hasSize(1);
        // and time travel shows the labels the cluster had then
        String state = "/api/v1/clusters/" + id("h-later") + "/state?sequence=";
        assertThat(api.get(state + "0").json().at("/state/labels").size()).isZero();
        assertThat(api.get(state + changed.sequence()).json().at("/state/labels/region").asString()).isEqualTo("eu");
    }

    @Test
    void clustersArePagedWithACursorInTheLinkHeader() {
        List<String> seen = new ArrayList<>();
        String path = "/api/v1/clusters?product=" + product + "&limit=4";
        ApiResponse first = api.get(path);
        ids(first.json()).forEach(seen::add);
        assertThat(seen).hasSize(4);
        assertThat(first.header("X-Next-After")).isEqualTo(id("d-mixed"));
        String link = first.header("Link");
        assertThat(link).endsWith(">; rel=\"next\"").contains("product=" + product).contains("limit=4")
                .contains("after=" + id("d-mixed"));

        ApiResponse second = api.get(link.substring(link.indexOf("/api/v1/"), link.indexOf('>')));
        ids(second.json()).forEach(seen::add);
        assertThat(second.header("Link")).isNull();
        assertThat(second.header("X-Next-After")).isNull();
        assertThat(seen).containsExactlyElementsOf(fleet.values().stream().map(h -> h.clusterId().value()).toList());
    }

    @Test
    void badFiltersAreProblems() {
        for (String query : List.of("status=SLEEPING", "version=not%20a%20version", "limit=0", "limit=501",
                "limit=many", "after=Not_A_Label", "product=%20", "label=region", "label=region%3Deu%20west",
                "label=%3Deu", "label=region%3Deu&label=region%3Dus")) {
            ApiResponse response = api.get("/api/v1/clusters?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).as(query).startsWith("application/problem+json");
        }
        assertThat(api.get("/api/v1/clusters?status=SLEEPING").json().get("detail").asString())
                .contains("CONVERGED", "MIXED", "RUNNING", "PAUSED", "FAILED", "RETIRED");
    }

    @Test
    void aClustersNodesShowTheirVersionStateGroupAndLastStep() {
        History mixed = fleet.get("d-mixed");
        JsonNode body = api.get("/api/v1/clusters/" + mixed.clusterId() + "/nodes").json();

        assertThat(body.get("lastSequence").asLong()).isEqualTo(mixed.last().sequence());
        JsonNode peer1 = body.at("/nodes/0");
        assertThat(peer1.get("nodeId").asString()).isEqualTo("peer-1");
        assertThat(peer1.get("version").asString()).isEqualTo("1.1.0");
        assertThat(peer1.get("state").asString()).isEqualTo("ISOLATED");
        assertThat(peer1.get("group").asString()).isEqualTo("zone-a");
        assertThat(peer1.get("lastAction").asString()).isEqualTo("UPGRADE_NODE");
        assertThat(peer1.get("lastStepStatus").asString()).isEqualTo("SUCCEEDED");
        assertThat(peer1.get("lastUpgradeId").asString()).startsWith("u-");
        EventEnvelope upgraded = mixed.all().stream().filter(e -> e.eventType().equals("NodeUpgraded")).findFirst()
                .orElseThrow();
        assertThat(peer1.get("lastSequence").asLong()).isEqualTo(upgraded.sequence());
        assertThat(peer1.get("lastPosition").asLong()).isEqualTo(upgraded.position());
        assertThat(body.at("/nodes/1/version").asString()).isEqualTo("1.0.8");
        assertThat(body.at("/nodes/1/lastStepId").isNull()).isTrue();
        assertThat(body.at("/nodes/1/lastSequence").asLong()).isZero();

        ApiResponse unknown = api.get("/api/v1/clusters/never-seen-cluster/nodes");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:cluster-not-found");
    }

    @Test
    void aClustersNodesArePagedWhileItsSummaryStaysWhole() {
        History mixed = fleet.get("d-mixed");
        String path = "/api/v1/clusters/" + mixed.clusterId();
        JsonNode whole = api.get(path).json();
        assertThat(whole.get("next").isNull()).as("a small cluster comes whole").isTrue();
        assertThat(whole.get("nodes")).hasSize(2);

        for (String nodesPath : List.of(path, path + "/nodes")) {
            ApiResponse first = api.get(nodesPath + "?limit=1");
            assertThat(first.json().at("/nodes/0/nodeId").asString()).isEqualTo("peer-1");
            assertThat(first.json().get("next").asString()).isEqualTo("peer-1");
            assertThat(first.header("X-Next-After")).isEqualTo("peer-1");
            String link = first.header("Link");
            assertThat(link).endsWith(">; rel=\"next\"").contains("limit=1").contains("after=peer-1");
            ApiResponse second = api.get(link.substring(link.indexOf("/api/v1/"), link.indexOf('>')));
            assertThat(second.json().get("nodes")).hasSize(1);
            assertThat(second.json().at("/nodes/0/nodeId").asString()).isEqualTo("peer-2");
            assertThat(second.json().get("next").isNull()).isTrue();
            assertThat(second.header("Link")).isNull();
            for (String query : List.of("limit=0", "limit=2001", "after=bad%20node!")) {
                ApiResponse bad = api.get(nodesPath + "?" + query);
                assertThat(bad.status()).as(nodesPath + "?" + query).isEqualTo(400);
                assertThat(bad.contentType()).startsWith("application/problem+json");
            }
        }
        assertThat(api.get(path + "?limit=1").json().get("cluster")).as("the summary is whole on every page")
                .isEqualTo(whole.get("cluster"));
    }

    @Test
    void theQueriesAreInTheOpenApiDocument() {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");

        assertThat(paths.has("/api/v1/upgrades/{upgradeId}")).isTrue();
        assertThat(paths.has("/api/v1/clusters/{clusterId}/upgrades")).isTrue();
        assertThat(paths.has("/api/v1/clusters/{clusterId}/upgrades/{upgradeId}")).isTrue();
        assertThat(paths.has("/api/v1/clusters/{clusterId}/nodes")).isTrue();
        List<String> listParameters = new ArrayList<>();
        paths.at("/~1api~1v1~1clusters/get/parameters").forEach(p -> listParameters.add(p.get("name").asString()));
        assertThat(listParameters).containsExactly("product", "status", "version", "label", "after", "limit");
        assertThat(paths.at("/~1api~1v1~1upgrades~1{upgradeId}/get/responses").has("404")).isTrue();
    }

    private History cluster(String name) {
        History history = History.registered(name + "-" + product.substring(6), product, "1.0.8", "peer-1",
                "peer-2");
        fleet.put(name, history);
        return history;
    }

    private History labelled(String name, Map<String, String> labels) {
        History history = History.registered(name + "-" + product.substring(6), product, "1.0.8", labels, "peer-1");
        fleet.put(name, history);
        return history;
    }

    private String id(String name) {
        return fleet.get(name).clusterId().value();
    }

    private Map.Entry<String, String> entry(String name, String status) {
        return Map.entry(id(name), status);
    }

    private static List<String> ids(JsonNode clusters) {
        return clusters.valueStream().map(cluster -> cluster.get("clusterId").asString()).toList();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
