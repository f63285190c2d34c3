package dev.upgradeledger.commandapi.fleet;

import static dev.upgradeledger.commandapi.fleet.StoredFleets.await;
import static dev.upgradeledger.commandapi.fleet.StoredFleets.complete;
import static dev.upgradeledger.commandapi.fleet.StoredFleets.fleetEvent;
import static dev.upgradeledger.commandapi.fleet.StoredFleets.fleetTypes;
import static dev.upgradeledger.commandapi.fleet.StoredFleets.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import dev.upgradeledger.testsupport.TestPrometheus;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gates between a fleet's waves over REST: the approval gate (the fleet waits after a wave until an operator
 * approves the next one; who approves comes from the token) and the check (a Prometheus query, asked of
 * {@link TestPrometheus}, whose failure or absence halts the fleet with its result; a resume evaluates it again), and
 * the fleet's rollback.
 */
@LedgerIntegrationTest
class FleetGatesIT extends ServiceIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    FleetProcess process;

    @Test
    void withAnApprovalGateTheNextWaveWaitsForAnOperatorsApprovalRecordedOnceWithWhoAndWhy() {
        // given two clusters, a fleet with canary 1, waves of 1, budget 1 and an approval gate
        String product = "fg-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> clusters = List.of(StoredFleets.register(api, product + "-1", product),
                StoredFleets.register(api, product + "-2", product));
        String fleetId = "fg-" + UUID.randomUUID().toString().substring(0, 8);
        ApiResponse started = api.post("/api/v1/fleet-upgrades", """
                {"fleetId":"%s","selector":{"product":"%s"},"targetVersion":"1.1",
                 "upgrade":{"strategy":"ROLLING","maxUnavailable":"1","schemaChange":"ADDITIVE"},
                 "waves":{"canary":"1","waveSize":"1","maxConcurrent":1},"failureBudget":"1",
                 "gates":{"approval":true}}""".formatted(fleetId, product));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        await("the canary's upgrade", () -> types(jdbc, clusters.get(0)).contains("UpgradePlanned"));

        // when wave 1 is approved while the canary runs: refused, nothing recorded
        ApiResponse early = approve(fleetId, 1, "looks fine", api);
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(early.contentType()).contains("application/problem+json");
        assertThat(early.json().get("type").asString())
                .isEqualTo("urn:upgrade-ledger:problem:fleet-wave-not-awaiting-approval");
        assertThat(fleetTypes(jdbc, fleetId)).doesNotContain("FleetWaveApproved");

        // when the canary settles (its upgrade aborted: one failure, within the budget of 1)
        ApiResponse aborted = api.post("/api/v1/clusters/" + clusters.get(0) + "/upgrades/" + fleetId + "/abort",
                "{\"reason\":\"drill\"}");
        assertThat(aborted.status()).as(aborted.body()).isLessThan(300);
        // then the fleet records that wave 1 waits for an approval, and starts nothing
        await("the approval asked", () -> fleetTypes(jdbc, fleetId).contains("FleetWaveAwaitingApproval"));
        assertThat(fleetEvent(jdbc, fleetId, "FleetWaveAwaitingApproval").get("wave").asInt()).isEqualTo(1);
        assertThat(types(jdbc, clusters.get(1))).doesNotContain("UpgradeRequested");

        // and a viewer may not approve, nor anyone the wrong wave, a blank reason or no wave
        ApiResponse viewer = approve(fleetId, 1, "viewer says go", api.as(TestIssuer.get().viewer()));
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.contentType()).contains("application/problem+json");
        ApiResponse wrongWave = approve(fleetId, 2, "the last one", api);
        assertThat(wrongWave.status()).isEqualTo(409);
        assertThat(wrongWave.json().get("detail").asString()).contains("waits for wave 1");
        ApiResponse blank = api.post("/api/v1/fleet-upgrades/" + fleetId + "/approvals",
                "{\"wave\":1,\"reason\":\" \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:invalid-request");
        ApiResponse noWave = api.post("/api/v1/fleet-upgrades/" + fleetId + "/approvals", "{\"reason\":\"go\"}");
        assertThat(noWave.status()).isEqualTo(400);
        ApiResponse unknown = approve("no-such-fleet", 1, "go", api);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(types(jdbc, clusters.get(1))).doesNotContain("UpgradeRequested");

        // when an operator of both clusters approves wave 1
        String alice = TestIssuer.get().token("alice", "operator:cluster/" + clusters.get(0),
                "operator:cluster/" + clusters.get(1));
        ApiResponse approved = approve(fleetId, 1, "canary drill understood", api.as(alice));
        assertThat(approved.status()).as(approved.body()).isEqualTo(202);
        // then the approval is recorded with who (the token's subject) and why, and wave 1 starts
        JsonNode approval = fleetEvent(jdbc, fleetId, "FleetWaveApproved");
        assertThat(approval.get("wave").asInt()).isEqualTo(1);
        assertThat(approval.get("approvedBy").asString()).isEqualTo("alice");
        assertThat(approval.get("reason").asString()).isEqualTo("canary drill understood");
        await("wave 1's upgrade", () -> types(jdbc, clusters.get(1)).contains("UpgradeRequested"));
        assertThat(fleetTypes(jdbc, fleetId)).containsSubsequence("FleetWaveAwaitingApproval",
                "FleetWaveApproved", "FleetWaveStarted", "FleetClusterStarted");

        // and approving it twice is refused, naming the approval
        ApiResponse twice = approve(fleetId, 1, "again", api.as(alice));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("type").asString())
                .isEqualTo("urn:upgrade-ledger:problem:fleet-wave-already-approved");
        assertThat(fleetTypes(jdbc, fleetId).stream().filter("FleetWaveApproved"::equals)).hasSize(1);
        assertThat(api.post("/api/v1/fleet-upgrades/" + fleetId + "/abort", "{\"reason\":\"done\"}").status())
                .isEqualTo(202);
    }

    @Test
    void aCheckThatFailsOrIsUnreachableHaltsTheFleetWithItsResultAndAResumeEvaluatesItAgain() {
        // given two clusters and a fleet whose check between waves is a Prometheus query that does not hold yet
        String product = "fc-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> clusters = List.of(StoredFleets.register(api, product + "-1", product),
                StoredFleets.register(api, product + "-2", product));
        String fleetId = "fc-" + UUID.randomUUID().toString().substring(0, 8);
        String query = "sum(rate(engine_errors_total{fleet=\"" + fleetId + "\"}[5m])) < 1";
        TestPrometheus prometheus = TestPrometheus.get();
        prometheus.fails(query);
        String body = """
                {"fleetId":"%s","selector":{"product":"%s"},"targetVersion":"1.1",
                 "upgrade":{"strategy":"ROLLING","maxUnavailable":"1","schemaChange":"ADDITIVE"},
                 "waves":{"canary":"1","waveSize":"1","maxConcurrent":1},"failureBudget":"1",
                 "gates":{"check":"%s"}}""";
        // a query with characters a check never has is refused at the edge
        ApiResponse bad = api.post("/api/v1/fleet-upgrades", body.formatted(fleetId + "-bad", product,
                "up == 1; drop table x"));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:invalid-request");
        ApiResponse started = api.post("/api/v1/fleet-upgrades", body.formatted(fleetId, product,
                query.replace("\"", "\\\"")));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        await("the canary's upgrade", () -> types(jdbc, clusters.get(0)).contains("UpgradePlanned"));

        // when the canary settles (aborted: within the budget of 1), the check is asked and does not hold
        assertThat(api.post("/api/v1/clusters/" + clusters.get(0) + "/upgrades/" + fleetId + "/abort",
                "{\"reason\":\"drill\"}").status()).isLessThan(300);
        await("the halt", () -> fleetTypes(jdbc, fleetId).contains("FleetUpgradeHalted"));
        // then its result is recorded and the fleet halts with it; the next wave does not start
        JsonNode failed = fleetEvent(jdbc, fleetId, "FleetWaveChecked");
        assertThat(failed.get("wave").asInt()).isZero();
        assertThat(failed.get("query").asString()).isEqualTo(query);
        assertThat(failed.get("verdict").asString()).isEqualTo("FAILED");
        assertThat(failed.get("checkedAt").asString()).isNotBlank();
        JsonNode halt = fleetEvent(jdbc, fleetId, "FleetUpgradeHalted");
        assertThat(halt.get("cause").asString()).isEqualTo("check-failed");
        assertThat(halt.get("detail").asString()).contains(query, "FAILED", "no sample");
        assertThat(types(jdbc, clusters.get(1))).doesNotContain("UpgradeRequested");
        assertThat(prometheus.queries()).contains(query);

        // when Prometheus answers an error and the fleet is resumed: evaluated again, unreachable, halted again
        prometheus.answer(query, 503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"down\"}");
        assertThat(api.post("/api/v1/fleet-upgrades/" + fleetId + "/resume", "").status()).isEqualTo(202);
        await("the second halt", () -> fleetTypes(jdbc, fleetId).stream()
                .filter("FleetUpgradeHalted"::equals).count() == 2);
        assertThat(fleetEvent(jdbc, fleetId, "FleetWaveChecked").get("verdict").asString()).isEqualTo("UNREACHABLE");
        assertThat(fleetEvent(jdbc, fleetId, "FleetUpgradeHalted").get("detail").asString()).contains("UNREACHABLE");
        assertThat(types(jdbc, clusters.get(1))).doesNotContain("UpgradeRequested");

        // when the query holds and the fleet is resumed, the check passes and the next wave starts
        prometheus.holds(query, 0.2);
        assertThat(api.post("/api/v1/fleet-upgrades/" + fleetId + "/resume", "").status()).isEqualTo(202);
        await("wave 1's upgrade", () -> types(jdbc, clusters.get(1)).contains("UpgradeRequested"));
        JsonNode passed = fleetEvent(jdbc, fleetId, "FleetWaveChecked");
        assertThat(passed.get("verdict").asString()).isEqualTo("PASSED");
        assertThat(passed.get("value").asDouble()).isEqualTo(0.2);
        assertThat(fleetTypes(jdbc, fleetId).stream().filter("FleetWaveCheckRequested"::equals))
                .as("asked once per evaluation: the first time and after each resume").hasSize(3);
        // and the process fed the request again records no second result
        process.on(new FleetUpgradeEvent.FleetWaveCheckRequested(fleetId, 0, query));
        assertThat(fleetTypes(jdbc, fleetId).stream().filter("FleetWaveChecked"::equals)).hasSize(3);
        assertThat(api.post("/api/v1/fleet-upgrades/" + fleetId + "/abort", "{\"reason\":\"done\"}").status())
                .isEqualTo(202);
    }

    @Test
    void aRollbackStartsNothingMoreAndAsksEachUpgradedOrUpgradingClusterRecordingItsAnswer() {
        // given four clusters, canary 1 then waves of 2: the canary completed; of wave 1, one cluster has its node
        // isolated, the other has changed nothing yet; the last wave pending
        String product = "fr-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> clusters = List.of(StoredFleets.register(api, product + "-1", product),
                StoredFleets.register(api, product + "-2", product), StoredFleets.register(api, product + "-3", product),
                StoredFleets.register(api, product + "-4", product));
        String fleetId = "fr-" + UUID.randomUUID().toString().substring(0, 8);
        ApiResponse started = api.post("/api/v1/fleet-upgrades", """
                {"fleetId":"%s","selector":{"product":"%s"},"targetVersion":"1.1",
                 "upgrade":{"strategy":"ROLLING","maxUnavailable":"1","schemaChange":"ADDITIVE"},
                 "waves":{"canary":"1","waveSize":"2","maxConcurrent":2},"failureBudget":"0"}"""
                .formatted(fleetId, product));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        await("the canary's upgrade", () -> types(jdbc, clusters.get(0)).contains("UpgradePlanned"));
        complete(api, jdbc, clusters.get(0), fleetId);
        await("wave 1's upgrades", () -> types(jdbc, clusters.get(1)).contains("UpgradePlanned")
                && types(jdbc, clusters.get(2)).contains("UpgradePlanned"));
        StoredFleets.reportUntil(api, jdbc, clusters.get(1), fleetId, "NodeIsolated");

        // a viewer may not roll it back
        assertThat(api.as(TestIssuer.get().viewer()).post("/api/v1/fleet-upgrades/" + fleetId + "/rollback",
                "{\"reason\":\"no\"}").status()).isEqualTo(403);

        // when an operator rolls the fleet back
        ApiResponse rolledBack = api.post("/api/v1/fleet-upgrades/" + fleetId + "/rollback",
                "{\"reason\":\"engine errors after wave 1\"}");
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(202);
        await("the rollback's end", () -> fleetTypes(jdbc, fleetId).contains("FleetUpgradeRolledBack"));
        // then the isolated cluster's upgrade rolls back; the one that changed nothing has its upgrade aborted
        // (nothing to roll back); the completed one's refusal is recorded with its rule; the pending one is neither
        // asked nor started
        JsonNode asked = fleetEvent(jdbc, fleetId, "FleetRollbackStarted");
        assertThat(asked.get("clusters").valueStream().map(JsonNode::asString))
                .containsExactly(clusters.get(0), clusters.get(1), clusters.get(2));
        List<JsonNode> answers = jdbc.sql("select convert_from(payload, 'UTF8') from domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like '%$FleetClusterRollback'"
                        + " order by sequencenumber").param(FleetUpgrade.aggregateId(fleetId)).query(String.class)
                .list().stream().map(JSON::readTree).toList();
        assertThat(answers).extracting(answer -> answer.get("clusterId").asString() + ":"
                + answer.get("outcome").asString() + ":" + (answer.path("rule").isString()
                ? answer.get("rule").asString() : "none"))
                .containsExactlyInAnyOrder(clusters.get(0) + ":REFUSED:upgrade-not-active",
                        clusters.get(1) + ":REQUESTED:none", clusters.get(2) + ":ABORTED:nothing-to-roll-back");
        assertThat(types(jdbc, clusters.get(1))).contains("RollbackStarted");
        assertThat(types(jdbc, clusters.get(2))).contains("UpgradeAborted");
        JsonNode end = fleetEvent(jdbc, fleetId, "FleetUpgradeRolledBack");
        assertThat(end.get("requested").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder(clusters.get(1), clusters.get(2));
        assertThat(end.get("refused").valueStream().map(JsonNode::asString)).containsExactly(clusters.get(0));
        assertThat(types(jdbc, clusters.get(3))).doesNotContain("UpgradeRequested");
        assertThat(fleetTypes(jdbc, fleetId)).doesNotContain("FleetUpgradeCompleted");

        // and the process fed the rollback again asks nothing more of the clusters, and the fleet keeps their answers
        process.on(new FleetUpgradeEvent.FleetRollbackStarted(fleetId, "again", asked.get("clusters").valueStream()
                .map(JsonNode::asString).toList()), org.axonframework.messaging.MetaData.emptyInstance());
        assertThat(fleetTypes(jdbc, fleetId).stream().filter("FleetClusterRollback"::equals)).hasSize(3);
        assertThat(types(jdbc, clusters.get(1)).stream().filter("RollbackStarted"::equals)).hasSize(1);

        // and a rolled back fleet is neither rolled back again nor resumed
        ApiResponse again = api.post("/api/v1/fleet-upgrades/" + fleetId + "/rollback", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:fleet-ended");
        assertThat(api.post("/api/v1/fleet-upgrades/" + fleetId + "/resume", "").status()).isEqualTo(409);
        assertThat(fleetTypes(jdbc, fleetId).stream().filter("FleetRollbackStarted"::equals)).hasSize(1);
    }

    private ApiResponse approve(String fleetId, int wave, String reason, dev.upgradeledger.testsupport.ApiClient as) {
        return as.post("/api/v1/fleet-upgrades/" + fleetId + "/approvals",
                "{\"wave\":" + wave + ",\"reason\":\"" + reason + "\"}");
    }
}
