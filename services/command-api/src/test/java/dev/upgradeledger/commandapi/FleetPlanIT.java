package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A fleet upgrade's plan over REST: waves with each cluster's own path and expected start, skipped clusters. */
@LedgerIntegrationTest
class FleetPlanIT extends ServiceIntegrationTest {

    private static final String CATALOG = """
            {"lines":[{"name":"1.0","versions":["1.0.7","1.0.8","1.0.9"]},{"name":"1.1","versions":["1.1.0"]}],
             "rules":{"noLineSkipping":true,"latestInLineFirst":true,"consecutiveWithinLine":true,
                      "noDowngrade":true,"noRollingAcrossLines":true}}""";

    @Autowired
    JdbcClient jdbc;

    @Test
    void thePlanShowsEveryWaveWithItsClustersTheirPathsAndStartsAndListsTheSkippedWithTheRule() {
        // given five clusters of one product on three versions, and one of another product
        String product = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> clusters = new ArrayList<>();
        List<String> versions = List.of("1.0.7", "1.0.7", "1.0.9", "1.0.9", "1.1.0");
        for (int i = 0; i < versions.size(); i++) {
            clusters.add(register(product + "-" + (i + 1), product, versions.get(i)));
        }
        String other = register("other-" + product, "other-" + product, "1.0.7");
        long stored = new StoredEvents(jdbc).count(clusters.get(0));
        String windowed = clusters.get(3);
        // the window opens twelve hours from now, so the wave is always ready before it opens, whatever the hour
        int windowHour = (Instant.now().atOffset(ZoneOffset.UTC).getHour() + 12) % 24;

        // when the product's clusters are planned to 1.1.0: canary 1, then 50 %, at most 2 at once, budget 1
        ApiResponse plan = api.post("/api/v1/fleet-upgrades/plans", """
                {"selector":{"product":"%s"},"targetVersion":"1.1.0","upgrade":{"strategy":"OFFLINE"},
                 "waves":{"canary":"1","waveSize":"50%%","maxConcurrent":2},"failureBudget":"1",
                 "gates":{"soak":"PT5M"},
                 "windows":{"clusters":{"%s":{"cron":"0 %d * * *","duration":"PT2H","zone":"UTC"}}},
                 "estimatedClusterTime":"PT10M"}""".formatted(product, windowed, windowHour));

        // then four clusters are taken in a canary and waves of two (50 % of 4), each with its own path
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        JsonNode body = plan.json();
        assertThat(body.get("clusters").asInt()).isEqualTo(4);
        assertThat(body.get("waves")).hasSize(3);
        assertThat(body.at("/waves/0/canary").asBoolean()).isTrue();
        assertThat(body.at("/waves/0/clusters/0/clusterId").asString()).isEqualTo(clusters.get(0));
        assertThat(body.at("/waves/0/clusters/0/path").valueStream().map(JsonNode::asString))
                .containsExactly("1.0.7", "1.0.8", "1.0.9", "1.1.0");
        assertThat(body.at("/waves/1/clusters").findValuesAsString("clusterId"))
                .containsExactly(clusters.get(1), clusters.get(2));
        assertThat(body.at("/waves/1/clusters/1/path").valueStream().map(JsonNode::asString))
                .containsExactly("1.0.9", "1.1.0");
        assertThat(body.at("/waves/2/clusters").findValuesAsString("clusterId")).containsExactly(windowed);
        // and the canary starts now, the first wave after its 10 minutes and the soak, the windowed one when it opens
        Instant plannedAt = Instant.parse(body.get("plannedAt").asString());
        assertThat(Instant.parse(body.at("/waves/0/clusters/0/expectedStart").asString())).isEqualTo(plannedAt);
        assertThat(Instant.parse(body.at("/waves/1/clusters/0/expectedStart").asString()))
                .isEqualTo(plannedAt.plusSeconds(15 * 60));
        Instant windowStart = Instant.parse(body.at("/waves/2/clusters/0/expectedStart").asString());
        assertThat(windowStart.atOffset(ZoneOffset.UTC).getHour()).isEqualTo(windowHour);
        assertThat(windowStart).isBetween(plannedAt, plannedAt.plusSeconds(24 * 3600));
        assertThat(windowStart.atOffset(ZoneOffset.UTC).getMinute()).isZero();
        assertThat(body.at("/waves/2/clusters/0/window").asString())
                .isEqualTo("0 " + windowHour + " * * * for PT2H in UTC");
        assertThat(Instant.parse(body.get("expectedEnd").asString())).isEqualTo(windowStart.plusSeconds(600));
        // and the cluster already on 1.1.0 is skipped with the rule; the other product is not selected
        assertThat(body.get("skipped")).singleElement().satisfies(skipped -> {
            assertThat(skipped.get("clusterId").asString()).isEqualTo(clusters.get(4));
            assertThat(skipped.get("rule").asString()).isEqualTo("same-version");
        });
        assertThat(body.toString()).doesNotContain(other);
        assertThat(body.at("/failureBudget/allowed").asInt()).isEqualTo(1);
        // and nothing was recorded
        assertThat(new StoredEvents(jdbc).count(clusters.get(0))).isEqualTo(stored);
    }

    @Test
    void labelsSelectTheClustersCarryingEveryPairAndALabelWindowAppliesToTheClustersCarryingIt() {
        // given clusters labelled at registration and one labelled afterwards, and one of another region
        String product = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        String gold = register(product + "-1", product, "1.0.9", "{\"region\":\"eu\",\"tier\":\"gold\"}");
        String later = register(product + "-2", product, "1.0.9", null);
        String us = register(product + "-3", product, "1.0.9", "{\"region\":\"us\",\"tier\":\"gold\"}");
        ApiResponse labelled = api.send("PUT", "/api/v1/clusters/" + later + "/labels",
                "{\"labels\":{\"region\":\"eu\"}}");
        assertThat(labelled.status()).as(labelled.body()).isEqualTo(200);
        int windowHour = (Instant.now().atOffset(ZoneOffset.UTC).getHour() + 12) % 24;

        // when region=eu of the product is planned, with a window for tier=gold
        ApiResponse plan = api.post("/api/v1/fleet-upgrades/plans", """
                {"selector":{"product":"%s","labels":{"region":"eu"}},"targetVersion":"1.1.0",
                 "upgrade":{"strategy":"OFFLINE"},"waves":{"canary":"0","waveSize":"10","maxConcurrent":5},
                 "failureBudget":"0",
                 "windows":{"labels":[{"key":"tier","value":"gold","cron":"0 %d * * *","duration":"PT2H","zone":"UTC"}]}}
                """.formatted(product, windowHour));

        // then both eu clusters are taken, the us one is not selected, and only the gold one waits for its window
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        JsonNode clusters = plan.json().at("/waves/0/clusters");
        assertThat(clusters.findValuesAsString("clusterId")).containsExactly(gold, later);
        assertThat(plan.body()).doesNotContain(us);
        assertThat(clusters.at("/0/window").asString()).isEqualTo("0 " + windowHour + " * * * for PT2H in UTC");
        assertThat(clusters.at("/0/labels/tier").asString()).isEqualTo("gold");
        assertThat(clusters.at("/1/window").isNull() || clusters.at("/1/window").isMissingNode()).isTrue();
        assertThat(clusters.at("/1/labels/region").asString()).isEqualTo("eu");
        assertThat(Instant.parse(clusters.at("/0/expectedStart").asString()).atOffset(ZoneOffset.UTC).getHour())
                .isEqualTo(windowHour);

        // and labels both clusters lack select none of them
        ApiResponse none = api.post("/api/v1/fleet-upgrades/plans", """
                {"selector":{"product":"%s","labels":{"region":"eu","tier":"silver"}},"targetVersion":"1.1.0",
                 "upgrade":{"strategy":"OFFLINE"},"waves":{"canary":"0","waveSize":"10","maxConcurrent":5},
                 "failureBudget":"0"}""".formatted(product));
        assertThat(none.status()).as(none.body()).isEqualTo(200);
        assertThat(none.json().get("clusters").asInt()).isZero();
    }

    @Test
    void aPlanCoversOnlyTheClustersTheCallerMayOperateAndAViewerMayNotPlan() {
        String product = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        String mine = register(product + "-1", product, "1.0.9");
        register(product + "-2", product, "1.0.9");
        String body = """
                {"selector":{"product":"%s"},"targetVersion":"1.1.0","upgrade":{"strategy":"OFFLINE"},
                 "waves":{"canary":"0","waveSize":"10","maxConcurrent":5},"failureBudget":"0"}""".formatted(product);

        ApiResponse operator = api.as(TestIssuer.get().operator(mine)).post("/api/v1/fleet-upgrades/plans", body);
        assertThat(operator.status()).as(operator.body()).isEqualTo(200);
        assertThat(operator.json().findValuesAsString("clusterId")).containsExactly(mine);

        ApiResponse viewer = api.as(TestIssuer.get().viewer()).post("/api/v1/fleet-upgrades/plans", body);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.contentType()).contains("application/problem+json");
        assertThat(api.anonymous().post("/api/v1/fleet-upgrades/plans", body).status()).isEqualTo(401);
    }

    @Test
    void invalidPlansAreRefusedAtTheEdgeWithAProblem() {
        String valid = """
                {"selector":{"product":"p"},"targetVersion":"1.1.0","upgrade":{"strategy":"OFFLINE"},
                 "waves":{"waveSize":"20%%","maxConcurrent":10},"failureBudget":"2"%s}""";
        for (String invalid : List.of(
                valid.formatted(",\"windows\":{\"clusters\":{\"c-1\":{\"cron\":\"0 25 * * *\",\"duration\":\"PT1H\","
                        + "\"zone\":\"UTC\"}}}"),
                valid.formatted(",\"windows\":{\"clusters\":{\"c-1\":{\"cron\":\"0 2 * * *\",\"duration\":\"PT1H\","
                        + "\"zone\":\"Mars/Base\"}}}"),
                valid.formatted(",\"gates\":{\"soak\":\"soon\"}"),
                valid.formatted("").replace("OFFLINE", "MIGRATION"),
                valid.formatted("").replace("\"20%\"", "\"120%\""),
                valid.formatted("").replace("{\"product\":\"p\"}", "{}"),
                valid.formatted("").replace("{\"product\":\"p\"}", "{\"labels\":{\"region\":\"eu; rm -rf\"}}"),
                valid.formatted("").replace("{\"product\":\"p\"}", "{\"clusters\":[\"Not_An_Id\"]}"))) {
            ApiResponse response = api.post("/api/v1/fleet-upgrades/plans", invalid);
            assertThat(response.status()).as(invalid + " -> " + response.body()).isEqualTo(400);
            assertThat(response.contentType()).contains("application/problem+json");
            assertThat(response.json().get("type").asString()).startsWith("urn:upgrade-ledger:problem:");
        }
    }

    @Test
    void theOpenApiDocumentDescribesThePlanWithSchemasOfTheirOwn() {
        JsonNode document = api.get("/v3/api-docs").json();
        assertThat(document.at("/paths/~1api~1v1~1fleet-upgrades~1plans/post/responses/200").isObject()).isTrue();
        assertThat(document.at("/paths/~1api~1v1~1fleet-upgrades~1plans/post/responses/400/content")
                .has("application/problem+json")).isTrue();
        JsonNode schemas = document.at("/components/schemas");
        assertThat(schemas.at("/FleetGates/properties").has("soak")).isTrue();
        assertThat(schemas.at("/FleetGatesBody/properties").has("approval")).isTrue();
        assertThat(schemas.at("/FleetPlanCluster/properties").has("expectedStart")).isTrue();
        assertThat(schemas.at("/FleetWindowBody/properties").has("cron")).isTrue();
    }

    private String register(String clusterId, String product, String version) {
        return register(clusterId, product, version, null);
    }

    private String register(String clusterId, String product, String version, String labels) {
        ApiResponse response = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"%s","version":"%s","nodes":[{"id":"n-1","address":"10.0.0.1:1"}],
                 "catalog":%s,"labels":%s}""".formatted(clusterId, product, version, CATALOG, labels));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return clusterId;
    }
}
