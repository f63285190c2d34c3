package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.TestIssuer;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** An upgrade driven over REST on the real stack: request, dry run, every step reported, refusals, bad input. */
@LedgerIntegrationTest
class UpgradeIT extends ServiceIntegrationTest {

    private static final String CAMUNDA_CATALOG = """
            {"lines":[{"name":"7.4","versions":["7.4"]},{"name":"7.5","versions":["7.5"]},
                      {"name":"7.6","versions":["7.6"]}],
             "rules":{"consecutiveWithinLine":false,"noRollingAcrossLines":false}}""";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DeadlineManager deadlineManager;

    @Test
    void anAnswerShowsThePlanUpToTheStageLimitWithTheWholePlansCountsAndABadLimitIsRefused() {
        String clusterId = registerCamunda("7.5", 6);
        String dryRun = """
                {"targetVersion":"7.6","strategy":"ROLLING","schemaChange":"ADDITIVE","maxUnavailable":"33%","dryRun":true}""";

        JsonNode whole = api.post(upgrades(clusterId), dryRun).json();
        assertThat(whole.get("planComplete").asBoolean()).isTrue();
        assertThat(whole.at("/hops/0/stageCount").asInt()).isEqualTo(1 + 6 * 4);
        assertThat(whole.at("/hops/0/stepCount").asInt()).isEqualTo(1 + 6 * 4);
        assertThat(whole.at("/hops/0/plan/stages")).hasSize(1 + 6 * 4);

        ApiResponse cut = api.post(upgrades(clusterId) + "?stageLimit=3", dryRun);
        assertThat(cut.status()).as(cut.body()).isEqualTo(200);
        assertThat(cut.json().get("planComplete").asBoolean()).isFalse();
        assertThat(cut.json().at("/hops/0/stageCount").asInt()).isEqualTo(1 + 6 * 4);
        assertThat(cut.json().at("/hops/0/stepCount").asInt()).isEqualTo(1 + 6 * 4);
        JsonNode first = cut.json().at("/hops/0/plan/stages");
        assertThat(first).hasSize(3);
        for (int stage = 0; stage < 3; stage++) {
            assertThat(first.get(stage)).isEqualTo(whole.at("/hops/0/plan/stages").get(stage));
        }
        ApiResponse countsOnly = api.post(upgrades(clusterId) + "?stageLimit=0", dryRun);
        assertThat(countsOnly.json().at("/hops/0/plan").isNull()).as(countsOnly.body()).isTrue();
        assertThat(countsOnly.json().at("/hops/0/stageCount").asInt()).isEqualTo(1 + 6 * 4);

        Map<String, String> refusals = Map.of("-1", "invalid-request", "100001", "invalid-request",
                "many", "malformed-request");
        refusals.forEach((limit, type) -> {
            ApiResponse refused = api.post(upgrades(clusterId) + "?stageLimit=" + limit, dryRun);
            assertThat(refused.status()).as(limit + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:" + type);
        });
        ApiResponse accepted = api.post(upgrades(clusterId) + "?stageLimit=2", """
                {"upgradeId":"u-cut","targetVersion":"7.6","strategy":"ROLLING","schemaChange":"ADDITIVE",
                 "maxUnavailable":"33%"}""");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.json().at("/decision/planComplete").asBoolean()).isFalse();
        assertThat(accepted.json().at("/decision/hops/0/plan/stages")).hasSize(2);
        assertThat(eventTypes(clusterId)).as("the stored plan is whole").contains("UpgradePlanned");
        assertThat(new StoredEvents(jdbc).planStages(clusterId)).isEqualTo(1 + 6 * 4);
    }

    @Test
    void aSixNodeRollingUpgradeWith33PercentRunsToCompletionOverRest() {
        String clusterId = registerCamunda("7.5", 6);
        String rolling = """
                {"upgradeId":"%s","targetVersion":"7.6","strategy":"ROLLING","schemaChange":"ADDITIVE",
                 "maxUnavailable":"33%%"%s}""";
        String upgradeId = "u-" + clusterId;

        ApiResponse dryRun = api.post(upgrades(clusterId), rolling.formatted(upgradeId, ",\"dryRun\":true"));
        assertThat(dryRun.status()).isEqualTo(200);
        JsonNode stages = dryRun.json().at("/hops/0/plan/stages");
        assertThat(stages).hasSize(1 + 6 * 4);
        assertThat(stages.get(0).at("/steps/0/action").asString()).isEqualTo("MIGRATE_SCHEMA");
        assertThat(storedEvents(clusterId)).isEqualTo(2);

        ApiResponse accepted = api.as(TestIssuer.get().token("sre-alice", "operator:product/camunda"))
                .post(upgrades(clusterId), rolling.formatted(upgradeId, ""));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.json().at("/decision/hops/0/plan/stages")).isEqualTo(stages);

        ApiClient executor = api.as(TestIssuer.get().executor());
        List<String> receipts = new ArrayList<>();
        for (JsonNode stage : stages) {
            for (JsonNode step : stage.get("steps")) {
                String facts = step.get("action").asString().equals("EXPORT_STATE")
                        ? "{\"checksum\":\"sha256:1\"}" : "{}";
                ApiResponse report = executor.post(upgrades(clusterId) + "/" + upgradeId + "/steps/"
                                + step.get("stepId").asString() + "/outcome",
                        "{\"attempt\":1,\"managerEpoch\":0,\"outcome\":\"SUCCEEDED\",\"facts\":" + facts + "}");
                assertThat(report.status()).as(report.body()).isEqualTo(200);
                receipts.add(report.json().get("receipt").asString());
            }
        }

        assertThat(receipts).hasSize(1 + 6 * 4).containsOnly("ACCEPTED");
        assertThat(eventTypes(clusterId)).contains("UpgradeRequested", "UpgradePlanned", "SchemaMigrated",
                "NodeIsolated", "NodeUpgraded", "NodeVerified", "NodeReintegrated").endsWith("UpgradeCompleted");
        assertThat(eventTypes(clusterId).stream().filter("NodeUpgraded"::equals)).hasSize(6);
        ApiResponse duplicate = executor.post(upgrades(clusterId) + "/" + upgradeId + "/steps/s0.0/outcome",
                "{\"attempt\":1,\"managerEpoch\":0,\"outcome\":\"SUCCEEDED\"}");
        assertThat(duplicate.json().get("receipt").asString()).isEqualTo("STALE");
        assertThat(jdbc.sql("select count(*) from snapshotevententry where aggregateidentifier = ?")
                .param(clusterId).query(Integer.class).single()).as("a snapshot every 50 events").isPositive();
        assertThat(api.post(upgrades(clusterId) + "/" + upgradeId + "/finalize", "").status()).isEqualTo(200);
        assertThat(eventTypes(clusterId)).endsWith("UpgradeCompleted", "UpgradeFinalized");
    }

    /**
     * More upgrades requested at once than the connection pool has connections (10): each command, its events and
     * the deadlines it schedules share one transaction and one connection, so all are answered. (With Axon outside
     * Spring's transactions, each request held a connection while its deadlines waited for a second: all hung.)
     */
    @Test
    void moreUpgradesAtOnceThanPooledConnectionsAreAllAnswered() throws Exception {
        List<String> clusters = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            clusters.add(registerCamunda("7.5", 3));
        }
        ExecutorService callers = Executors.newFixedThreadPool(clusters.size());
        try {
            List<Future<ApiResponse>> answers = new ArrayList<>();
            for (String clusterId : clusters) {
                answers.add(callers.submit(() -> api.post(upgrades(clusterId), """
                        {"upgradeId":"u-at-once","targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"1"}""")));
            }
            for (Future<ApiResponse> answer : answers) {
                ApiResponse response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.body()).isEqualTo(201);
            }
        } finally {
            callers.shutdownNow();
        }
        clusters.forEach(clusterId -> assertThat(eventTypes(clusterId)).endsWith("UpgradeRequested", "UpgradePlanned",
                "StepStarted"));
    }

    @Test
    void camundaSkippingALineAnswers422WithTheRuleAndThePathAndIsRecordedWithTheActor() {
        String clusterId = registerCamunda("7.4", 3);

        ApiResponse refused = api.as(TestIssuer.get().token("sre-bob", "operator:cluster/" + clusterId)).post(
                upgrades(clusterId), "{\"targetVersion\":\"7.6\",\"strategy\":\"ROLLING\",\"maxUnavailable\":\"1\"}");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:upgrade-rejected");
        assertThat(refused.json().get("rule").asString()).isEqualTo("no-line-skipping");
        assertThat(refused.json().get("allowedPath").toString()).isEqualTo("[\"7.4\",\"7.5\",\"7.6\"]");
        assertThat(eventTypes(clusterId)).endsWith("UpgradeRejected");
        assertThat(jdbc.sql("select convert_from(metadata, 'UTF8') from domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like '%UpgradeRejected'")
                .param(clusterId).query(String.class).single()).contains("\"" + AuditMetadata.ACTOR + "\":\"sre-bob\"");
    }

    @Test
    void aStepWithoutOutcomeTimesOutThroughThePersistentDeadlineManagerAndPausesTheUpgrade() {
        assertThat(deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
        String clusterId = registerCamunda("7.5", 3);

        ApiResponse accepted = api.post(upgrades(clusterId),
                "{\"targetVersion\":\"7.6\",\"strategy\":\"OFFLINE\",\"stepTimeout\":\"1s\",\"maxAttempts\":1}");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from scheduled_tasks").query(Integer.class).single()).isPositive();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> eventTypes(clusterId).contains("UpgradePaused"));
        assertThat(eventTypes(clusterId)).containsSubsequence("StepStarted", "StepTimedOut", "UpgradePaused");
    }

    @Test
    void aMigrationToASecondRegisteredClusterIsPlannedAgainstItsNodes() {
        String source = registerCamunda("7.5", 2);
        String target = registerCamunda("7.6", 1);
        String missing = "u-" + UUID.randomUUID().toString().substring(0, 13);

        ApiResponse planned = api.post(upgrades(source), "{\"targetVersion\":\"7.6\",\"strategy\":\"MIGRATION\","
                + "\"targetClusterId\":\"" + target + "\",\"dryRun\":true}");
        ApiResponse unknownTarget = api.post(upgrades(source), "{\"targetVersion\":\"7.6\",\"strategy\":\"MIGRATION\","
                + "\"targetClusterId\":\"" + missing + "\"}");

        assertThat(planned.status()).as(planned.body()).isEqualTo(200);
        assertThat(planned.json().at("/hops/0/plan/stages/2/steps/0/action").asString()).isEqualTo("IMPORT_STATE");
        assertThat(planned.json().at("/hops/0/plan/stages/2/steps/0/clusterId").asString()).isEqualTo(target);
        assertThat(unknownTarget.status()).isEqualTo(422);
        assertThat(unknownTarget.json().get("rule").asString()).isEqualTo("migration-target-not-registered");
    }

    @Test
    void aSecondUpgradeWhileOneIsActiveIsAConflict() {
        String clusterId = registerCamunda("7.5", 3);
        String request = "{\"targetVersion\":\"7.6\",\"strategy\":\"OFFLINE\"}";
        assertThat(api.post(upgrades(clusterId), request).status()).isEqualTo(201);

        ApiResponse second = api.post(upgrades(clusterId), request);

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:upgrade-in-progress");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"targetVersion\":\"7 6\",\"strategy\":\"ROLLING\",\"maxUnavailable\":\"1\"}",
            "{\"targetVersion\":\"7.6\",\"strategy\":\"ROLLING\",\"maxUnavailable\":\"-1\"}",
            "{\"targetVersion\":\"7.6\",\"strategy\":\"ROLLING\",\"maxUnavailable\":\"0\"}",
            "{\"targetVersion\":\"7.6\",\"strategy\":\"SIDEWAYS\"}",
            "{\"targetVersion\":\"7.6\"}",
            "{\"targetVersion\":\"7.6\",\"strategy\":\"ROLLING\"}",
            "{\"targetVersion\":\"7.6\",\"strategy\":\"OFFLINE\",\"stepTimeout\":\"forever\"}",
            "{\"targetVersion\":\"7.6\",\"strategy\":\"OFFLINE\",\"maxAttempts\":0}",
            "{\"targetVersion\":\"7.6\",\"strategy\":\"MIGRATION\"}"})
    void badUpgradeRequestsAreBadRequestsAndStoreNothing(String body) {
        String clusterId = registerCamunda("7.5", 3);

        ApiResponse response = api.post(upgrades(clusterId), body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:invalid-request");
        assertThat(storedEvents(clusterId)).isEqualTo(2);
    }

    @Test
    void anUpgradeOfAnUnknownClusterIsNotFound() {
        ApiResponse response = api.post(upgrades("never-registered"), "{\"targetVersion\":\"7.6\",\"strategy\":\"OFFLINE\"}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:cluster-not-found");
        assertThat(storedEvents("never-registered")).isZero();
    }

    @Test
    void aBadStepReportIsABadRequest() {
        String clusterId = registerCamunda("7.5", 3);

        ApiResponse response = api.as(TestIssuer.get().executor()).post(upgrades(clusterId) + "/u-x/steps/s0.0/outcome",
                "{\"attempt\":1,\"managerEpoch\":0,\"outcome\":\"MAYBE\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("SUCCEEDED or FAILED");
    }

    private String registerCamunda(String version, int nodes) {
        String clusterId = "u-" + UUID.randomUUID().toString().substring(0, 13);
        StringBuilder nodeList = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            nodeList.append(i > 1 ? "," : "").append("{\"id\":\"engine-").append(i)
                    .append("\",\"address\":\"10.0.0.").append(i).append(":8080\"}");
        }
        ApiResponse response = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"camunda","version":"%s","nodes":[%s],"catalog":%s}"""
                .formatted(clusterId, version, nodeList, CAMUNDA_CATALOG));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return clusterId;
    }

    private static String upgrades(String clusterId) {
        return "/api/v1/clusters/" + clusterId + "/upgrades";
    }

    private int storedEvents(String clusterId) {
        return new StoredEvents(jdbc).count(clusterId);
    }

    private List<String> eventTypes(String clusterId) {
        return new StoredEvents(jdbc).types(clusterId);
    }
}
