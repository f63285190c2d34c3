package dev.upgradeledger.commandapi.fleet;

import static dev.upgradeledger.commandapi.fleet.StoredFleets.await;
import static dev.upgradeledger.commandapi.fleet.StoredFleets.complete;
import static dev.upgradeledger.commandapi.fleet.StoredFleets.fleetEvent;
import static dev.upgradeledger.commandapi.fleet.StoredFleets.fleetTypes;
import static dev.upgradeledger.commandapi.fleet.StoredFleets.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetClusterStarted;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import dev.upgradeledger.testsupport.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fleet upgrade over REST: recorded with its plan, each wave's clusters started through their own upgrade request,
 * halted when the failure budget is exceeded (naming the failed cluster, nothing new started, the running cluster
 * finishing), resumed to its end; the process fed the same events twice does nothing more.
 */
@LedgerIntegrationTest
class FleetUpgradeIT extends ServiceIntegrationTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    FleetProcess process;

    @Test
    void aFailureInTheFirstWaveHaltsTheFleetNamingItAndAResumeFinishesIt() {
        // given four clusters of one product on 1.0
        String product = "fl-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> clusters = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            clusters.add(StoredFleets.register(api, product + "-" + i, product));
        }
        String fleetId = "f-" + UUID.randomUUID().toString().substring(0, 8);

        // when a fleet upgrade to 1.1 starts: canary 1, then waves of 2, budget 0
        ApiResponse started = api.post("/api/v1/fleet-upgrades", """
                {"fleetId":"%s","selector":{"product":"%s"},"targetVersion":"1.1","upgrade":{"strategy":"ROLLING","maxUnavailable":"1","schemaChange":"ADDITIVE"},
                 "waves":{"canary":"1","waveSize":"2","maxConcurrent":2},"failureBudget":"0"}"""
                .formatted(fleetId, product));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(started.json().get("fleetId").asString()).isEqualTo(fleetId);
        assertThat(started.json().at("/plan/waves")).hasSize(3);

        // then only the canary's upgrade is requested, with the fleet's id
        await("the canary's upgrade", () -> types(jdbc, clusters.get(0)).contains("UpgradePlanned"));
        assertThat(types(jdbc, clusters.get(1))).doesNotContain("UpgradeRequested");
        assertThat(fleetTypes(jdbc, fleetId).stream().filter(type -> type.equals("FleetClusterStarted")))
                .as("the fleet decided to start the canary alone").hasSize(1);

        // and the process fed the canary's start again requests nothing more
        process.on(new FleetClusterStarted(fleetId, 0, clusters.get(0)), MetaData.emptyInstance());
        assertThat(types(jdbc, clusters.get(0)).stream().filter("UpgradeRequested"::equals)).hasSize(1);
        assertThat(types(jdbc, clusters.get(0))).doesNotContain("UpgradeRejected");

        // when the canary completes, the first wave starts both its clusters
        complete(api, jdbc, clusters.get(0), fleetId);
        await("the first wave", () -> types(jdbc, clusters.get(1)).contains("UpgradePlanned")
                && types(jdbc, clusters.get(2)).contains("UpgradePlanned"));
        // and the canary's completion fed again settles it once
        process.on(new UpgradeCompleted(ClusterId.of(clusters.get(0)), UpgradeId.of(fleetId), Version.of("1.1"),
                null, false));
        assertThat(fleetTypes(jdbc, fleetId).stream().filter(type -> type.equals("FleetClusterSettled"))).hasSize(1);

        // when one of them fails (its upgrade aborted), the budget of 0 is exceeded: halted, naming it
        ApiResponse aborted = api.post("/api/v1/clusters/" + clusters.get(1) + "/upgrades/" + fleetId + "/abort",
                "{\"reason\":\"drill\"}");
        assertThat(aborted.status()).as(aborted.body()).isLessThan(300);
        await("the halt", () -> fleetTypes(jdbc, fleetId).contains("FleetUpgradeHalted"));
        JsonNode halted = fleetEvent(jdbc, fleetId, "FleetUpgradeHalted");
        assertThat(halted.get("cause").asString()).isEqualTo("failure-budget");
        assertThat(halted.get("failed").findValuesAsString("clusterId")).containsExactly(clusters.get(1));

        // and the running cluster finishes, while nothing new starts
        complete(api, jdbc, clusters.get(2), fleetId);
        await("the running cluster settled", () -> fleetTypes(jdbc, fleetId).stream()
                .filter(type -> type.equals("FleetClusterSettled")).count() == 3);
        assertThat(types(jdbc, clusters.get(3))).doesNotContain("UpgradeRequested");
        assertThat(fleetTypes(jdbc, fleetId).stream().filter(type -> type.equals("FleetClusterStarted")))
                .as("halted: the last wave was not started").hasSize(3);
        assertThat(fleetTypes(jdbc, fleetId)).doesNotContain("FleetUpgradeCompleted");

        // when the fleet is resumed, the last wave starts and the fleet completes, the failed cluster listed
        ApiResponse resumed = api.post("/api/v1/fleet-upgrades/" + fleetId + "/resume", "");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
        await("the last wave", () -> types(jdbc, clusters.get(3)).contains("UpgradePlanned"));
        complete(api, jdbc, clusters.get(3), fleetId);
        await("the end", () -> fleetTypes(jdbc, fleetId).contains("FleetUpgradeCompleted"));
        JsonNode completed = fleetEvent(jdbc, fleetId, "FleetUpgradeCompleted");
        assertThat(completed.get("succeeded").asInt()).isEqualTo(3);
        assertThat(completed.get("failed").valueStream().map(JsonNode::asString)).containsExactly(clusters.get(1));

        // and every fleet event is on ledger.fleet-events, keyed by the fleet's id, in order, in its envelope
        try (TopicReader reader = new TopicReader(LedgerTopics.FLEET_EVENTS)) {
            List<JsonNode> published = reader.readUntil(all -> all.stream().anyMatch(r -> fleetId.equals(r.key())
                            && r.value().contains("FleetUpgradeCompleted")), Duration.ofSeconds(30)).stream()
                    .filter(r -> fleetId.equals(r.key())).map(r -> JSON.readTree(r.value())).toList();
            List<String> stored = fleetTypes(jdbc, fleetId);
            assertThat(published).extracting(envelope -> envelope.get("eventType").asString())
                    .containsExactlyElementsOf(stored);
            assertThat(published).extracting(envelope -> envelope.get("sequence").asLong())
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, stored.size()).boxed().toList());
            assertThat(published.get(0).at("/payload/waves")).hasSize(3);
            assertThat(published).filteredOn(envelope -> envelope.get("eventType").asString()
                    .equals("FleetUpgradeHalted")).singleElement().satisfies(envelope -> assertThat(
                    envelope.at("/payload/failed").findValuesAsString("clusterId")).containsExactly(clusters.get(1)));
        }

        // and an ended fleet is neither resumed nor aborted; its id is not used twice
        ApiResponse again = api.post("/api/v1/fleet-upgrades/" + fleetId + "/abort", "{\"reason\":\"late\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:fleet-ended");
        ApiResponse reused = api.post("/api/v1/fleet-upgrades", started.body().isEmpty() ? "" : """
                {"fleetId":"%s","selector":{"product":"%s"},"targetVersion":"1.1","upgrade":{"strategy":"ROLLING","maxUnavailable":"1","schemaChange":"ADDITIVE"},
                 "waves":{"canary":"1","waveSize":"2","maxConcurrent":2},"failureBudget":"0"}"""
                .formatted(fleetId, product));
        assertThat(reused.status()).as(reused.body()).isEqualTo(409);
    }

    @Test
    void resumingANotHaltedFleetIsRefusedAnUnknownOneIsNotFoundAndAViewerMayNotStartOne() {
        String product = "fl-" + UUID.randomUUID().toString().substring(0, 8);
        StoredFleets.register(api, product + "-1", product);
        String fleetId = "f-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"fleetId":"%s","selector":{"product":"%s"},"targetVersion":"1.1","upgrade":{"strategy":"ROLLING","maxUnavailable":"1","schemaChange":"ADDITIVE"},
                 "waves":{"canary":"0","waveSize":"1","maxConcurrent":1},"failureBudget":"0"}"""
                .formatted(fleetId, product);
        ApiResponse viewer = api.as(TestIssuer.get().viewer()).post("/api/v1/fleet-upgrades", body);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.contentType()).contains("application/problem+json");

        assertThat(api.post("/api/v1/fleet-upgrades", body).status()).isEqualTo(201);
        ApiResponse notHalted = api.post("/api/v1/fleet-upgrades/" + fleetId + "/resume", "");
        assertThat(notHalted.status()).isEqualTo(409);
        assertThat(notHalted.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:fleet-not-halted");

        // the read side's /api/v1/fleet-upgrades/stream is every fleet's stream: no fleet may take that id
        ApiResponse reserved = api.post("/api/v1/fleet-upgrades", body.replace(fleetId, "stream"));
        assertThat(reserved.status()).as(reserved.body()).isEqualTo(400);
        assertThat(reserved.contentType()).contains("application/problem+json");
        assertThat(reserved.json().get("detail").asString()).contains("reserved");
        assertThat(StoredFleets.fleetTypes(jdbc, "stream")).isEmpty();

        ApiResponse unknown = api.post("/api/v1/fleet-upgrades/no-such-fleet/resume", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:fleet-not-found");

        ApiResponse empty = api.post("/api/v1/fleet-upgrades", body.replace(fleetId, fleetId + "-2")
                .replace("\"1.1\"", "\"1.0\""));
        assertThat(empty.status()).as(empty.body()).isEqualTo(409);
        assertThat(empty.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:fleet-empty");

        ApiResponse gated = api.post("/api/v1/fleet-upgrades", body.replace(fleetId, fleetId + "-3")
                .replace("\"failureBudget\":\"0\"", "\"failureBudget\":\"0\",\"gates\":{\"check\":\"up`id`\"}"));
        assertThat(gated.status()).as(gated.body()).isEqualTo(400);
        assertThat(gated.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:invalid-request");

        ApiResponse aborted = api.post("/api/v1/fleet-upgrades/" + fleetId + "/abort", "{\"reason\":\"not now\"}");
        assertThat(aborted.status()).isEqualTo(202);
        await("the running cluster aborted", () -> fleetTypes(jdbc, fleetId).contains("FleetClusterSettled"));
        assertThat(types(jdbc, product + "-1")).contains("UpgradeAborted");
    }
}
