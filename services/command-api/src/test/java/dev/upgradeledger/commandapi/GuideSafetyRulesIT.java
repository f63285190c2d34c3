package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The guides' safety rules over REST: refusals answer problem+json with the rule and the way out. */
@LedgerIntegrationTest
class GuideSafetyRulesIT extends ServiceIntegrationTest {

    private static final String CAMUNDA_CATALOG = """
            {"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]},
                      {"name":"7.7","versions":["7.7"]}],
             "rules":{"consecutiveWithinLine":false,"noRollingAcrossLines":false}}""";

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCamundaClustersSecondUpgradeIsRefusedUntilTheFirstIsFinalized() {
        String clusterId = register("camunda", "7.5", CAMUNDA_CATALOG);
        runToCompletion(clusterId, "u-1", "7.6");

        ApiResponse second = api.post(upgrades(clusterId), rolling("u-2", "7.7"));
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(second.contentType()).contains("application/problem+json");
        assertThat(second.json().get("type").asString())
                .isEqualTo("urn:upgrade-ledger:problem:finalize-before-next-upgrade");
        assertThat(second.json().get("rule").asString()).isEqualTo("finalize-before-next-upgrade");
        assertThat(second.json().get("wayOut").asString()).contains("/upgrades/u-1/finalize");
        assertThat(new StoredEvents(jdbc).types(clusterId)).endsWith("UpgradeCompleted");

        assertThat(api.post(upgrades(clusterId) + "/u-1/finalize", "").status()).isEqualTo(200);
        ApiResponse afterFinalize = api.post(upgrades(clusterId), rolling("u-2", "7.7"));
        assertThat(afterFinalize.status()).as(afterFinalize.body()).isEqualTo(201);
    }

    @Test
    void anIpfsPeerOnAnotherPatchVersionIsRefusedWithTheWayOut() {
        String clusterId = register("ipfs-cluster", "1.0.8", null);

        ApiResponse added = api.post("/api/v1/clusters/" + clusterId + "/nodes",
                "{\"id\":\"peer-9\",\"address\":\"10.0.0.9:9094\",\"version\":\"1.0.9\"}");

        assertThat(added.status()).as(added.body()).isEqualTo(409);
        assertThat(added.json().get("rule").asString()).isEqualTo("single-version");
        assertThat(added.json().get("detail").asString()).contains("IPFS Cluster");
        assertThat(added.json().get("wayOut").asString()).contains("1.0.8");
        assertThat(new StoredEvents(jdbc).count(clusterId)).isEqualTo(1);
    }

    @Test
    void withoutACatalogADowngradeIsRejectedAndAPlanSaysWhichRulesWereNotChecked() {
        String clusterId = register("inmanta", "2024.2", null);

        ApiResponse downgrade = api.post(upgrades(clusterId), "{\"targetVersion\":\"2024.1\",\"strategy\":\"OFFLINE\"}");
        assertThat(downgrade.status()).as(downgrade.body()).isEqualTo(422);
        assertThat(downgrade.json().get("rule").asString()).isEqualTo("no-downgrade");

        ApiResponse plan = api.post(upgrades(clusterId),
                "{\"targetVersion\":\"2024.3\",\"strategy\":\"OFFLINE\",\"dryRun\":true}");
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        assertThat(plan.json().get("uncheckedRules").findValuesAsString("rule"))
                .contains("no-line-skipping", "latest-in-line-first");
    }

    @Test
    void backendAiNodesCarryTheirRoleAndAMajorPlanUpgradesTheManagerFirstWithItsMissionRevisions() {
        String clusterId = "r-" + UUID.randomUUID().toString().substring(0, 13);
        String cluster = """
                {"clusterId":"%s","product":"backend.ai","version":"23.09.10",
                 "nodes":[{"id":"agent-1","address":"10.0.1.2:6001","role":"%s"},
                          {"id":"manager-1","address":"10.0.1.1:8081","role":"manager"}],
                 "catalog":{"lines":[{"name":"23.09","versions":["23.09.10"]},{"name":"24.03","versions":["24.03.0"]}],
                            "rules":{}}}""";
        ApiResponse unknownRole = api.post("/api/v1/clusters", cluster.formatted(clusterId, "scheduler"));
        assertThat(unknownRole.status()).as(unknownRole.body()).isEqualTo(409);
        assertThat(unknownRole.contentType()).contains("application/problem+json");
        assertThat(unknownRole.json().get("rule").asString()).isEqualTo("unknown-role");
        assertThat(unknownRole.json().get("wayOut").asString()).contains("manager", "agent");
        ApiResponse badRole = api.post("/api/v1/clusters", cluster.formatted(clusterId, "Agent; rm"));
        assertThat(badRole.status()).as("a role is checked at the edge").isEqualTo(400);
        assertThat(badRole.contentType()).contains("application/problem+json");

        assertThat(api.post("/api/v1/clusters", cluster.formatted(clusterId, "agent")).status()).isEqualTo(201);
        ApiResponse plan = api.post(upgrades(clusterId), """
                {"targetVersion":"24.03.0","strategy":"OFFLINE","schemaChange":"ADDITIVE","dryRun":true}""");
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        JsonNode stages = plan.json().at("/hops/0/plan/stages");
        assertThat(stages.get(0).get("description").asString()).contains("major upgrade 23.09.10 -> 24.03.0");
        assertThat(stages.get(2).at("/steps/0/nodeId").asString()).isEqualTo("manager-1");
        assertThat(stages.get(4).at("/steps/0/action").asString()).isEqualTo("APPLY_MISSION_REVISIONS");
        assertThat(stages.get(4).at("/steps/0/parameters/previousVersion").asString()).isEqualTo("23.09.10");
    }

    @Test
    void theFiveGuidesCanBeReadAsProductProfiles() {
        ApiResponse backendAi = api.get("/api/v1/products/backend.ai");
        assertThat(backendAi.status()).as(backendAi.body()).isEqualTo(200);
        assertThat(backendAi.json().at("/roles/0/name").asString()).isEqualTo("manager");
        assertThat(backendAi.json().at("/extraSteps/0/action").asString()).isEqualTo("APPLY_MISSION_REVISIONS");
        assertThat(api.get("/api/v1/products").json().findValuesAsString("product"))
                .containsExactly("camunda", "backend.ai", "ipfs-cluster", "inmanta", "replicante");

        ApiResponse unknown = api.get("/api/v1/products/nginx");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:product-not-found");
    }

    private void runToCompletion(String clusterId, String upgradeId, String target) {
        ApiResponse accepted = api.post(upgrades(clusterId), rolling(upgradeId, target));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        ApiClient executor = api.as(TestIssuer.get().executor());
        for (JsonNode stage : accepted.json().at("/decision/hops/0/plan/stages")) {
            for (JsonNode step : stage.get("steps")) {
                ApiResponse report = executor.post(upgrades(clusterId) + "/" + upgradeId + "/steps/"
                                + step.get("stepId").asString() + "/outcome",
                        "{\"attempt\":1,\"managerEpoch\":0,\"outcome\":\"SUCCEEDED\",\"facts\":{}}");
                assertThat(report.json().get("receipt").asString()).as(report.body()).isEqualTo("ACCEPTED");
            }
        }
    }

    private String register(String product, String version, String catalog) {
        String clusterId = "r-" + UUID.randomUUID().toString().substring(0, 13);
        ApiResponse response = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"%s","version":"%s","nodes":[{"id":"n-1","address":"10.0.0.1:1"},
                 {"id":"n-2","address":"10.0.0.2:1"}]%s}"""
                .formatted(clusterId, product, version, catalog == null ? "" : ",\"catalog\":" + catalog));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return clusterId;
    }

    private static String rolling(String upgradeId, String target) {
        return "{\"upgradeId\":\"" + upgradeId + "\",\"targetVersion\":\"" + target + "\",\"strategy\":\"ROLLING\","
                + "\"schemaChange\":\"ADDITIVE\",\"maxUnavailable\":\"1\"}";
    }

    private static String upgrades(String clusterId) {
        return "/api/v1/clusters/" + clusterId + "/upgrades";
    }
}
