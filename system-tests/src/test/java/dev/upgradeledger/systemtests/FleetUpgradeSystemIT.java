package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fleet upgrades on the simulated fleet with the real service jars (the shared {@link ThreeServices}): eight small
 * clusters in a canary and two waves, one failing in the first wave with a budget of 0 (the fleet halts naming it, the
 * rest of its wave finishes, the last wave does not start), and eight that all complete while command-api is killed
 * (SIGKILL) and started again: the webhook receiver of {@link ThreeServices} gets each of that fleet's notifications,
 * signed, once by id (a repeat, if any, with the same body).
 */
class FleetUpgradeSystemIT {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration READY = Duration.ofSeconds(300);
    private static ThreeServices services;
    private static ApiClient commands;
    private static ApiClient queries;
    private static ApiClient executor;

    @BeforeAll
    static void connect() throws Exception {
        services = ThreeServices.get();
        commands = new ApiClient(services.commandApi.baseUrl().toString());
        queries = new ApiClient(services.projection.baseUrl().toString());
        executor = new ApiClient(services.executor.baseUrl().toString());
    }

    @Test
    void aClusterFailingInTheFirstWaveWithABudgetOfZeroHaltsTheFleetNamingIt() {
        String product = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> clusters = registerEight(product);
        String failing = clusters.get(2);
        assertThat(executor.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","nodeId":"n-1","action":"UPGRADE_NODE","mode":"FAIL","times":1,"retryable":false}"""
                .formatted(failing)).status()).isEqualTo(201);

        String fleetId = start(product);

        List<JsonNode> events = fleetEvents(fleetId, "FleetUpgradeHalted");
        JsonNode halted = last(events, "FleetUpgradeHalted");
        assertThat(halted.at("/payload/cause").asString()).isEqualTo("failure-budget");
        assertThat(halted.at("/payload/failed").findValuesAsString("clusterId")).containsExactly(failing);
        assertThat(halted.at("/payload/failed/0/outcome").asString()).isEqualTo("PAUSED");
        // the canary and the rest of the first wave finish; the second wave never starts
        for (String done : List.of(clusters.get(0), clusters.get(1), clusters.get(3), clusters.get(4))) {
            awaitUpgradeStatus(done, "COMPLETED");
        }
        assertThat(upgradeStatus(failing)).isEqualTo("PAUSED");
        for (String waiting : clusters.subList(5, 8)) {
            assertThat(upgradeStatus(waiting)).as(waiting).isEmpty();
        }
        assertThat(fleetEvents(fleetId, "FleetUpgradeHalted")).extracting(e -> e.get("eventType").asString())
                .filteredOn("FleetClusterStarted"::equals).hasSize(5);

        // the projection shows the halted fleet: its waves, the failed cluster against the budget, its diagnosis
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            ApiClient.ApiResponse fleet = queries.get("/api/v1/fleet-upgrades/" + fleetId);
            return fleet.status() == 200 && fleet.json().at("/clusters/succeeded").asInt() == 4
                    && fleet.json().get("status").asString().equals("HALTED");
        });
        JsonNode fleet = queries.get("/api/v1/fleet-upgrades/" + fleetId).json();
        assertThat(fleet.get("currentWave").asInt()).isEqualTo(1);
        assertThat(fleet.at("/failureBudget/used").asInt()).isEqualTo(1);
        assertThat(fleet.at("/failureBudget/exceeded").asBoolean()).isTrue();
        assertThat(fleet.at("/halt/failed/0/clusterId").asString()).isEqualTo(failing);
        assertThat(fleet.at("/waves/2/status").asString()).isEqualTo("PENDING");
        assertThat(fleet.at("/waves/2/clusters").findValuesAsString("state")).containsOnly("PENDING");
        JsonNode failed = fleet.at("/waves/1/clusters").valueStream()
                .filter(cluster -> cluster.get("clusterId").asString().equals(failing)).findFirst().orElseThrow();
        assertThat(failed.get("state").asString()).isEqualTo("PAUSED");
        assertThat(failed.at("/upgrade/status").asString()).isEqualTo("PAUSED");
        JsonNode diagnosis = queries.get("/api/v1/fleet-upgrades/" + fleetId + "/diagnosis").json();
        assertThat(diagnosis.get("summary").asString()).contains("halted in wave 1", failing);
        assertThat(diagnosis.at("/failures/0/upgrade/lastFailure/action").asString()).isEqualTo("UPGRADE_NODE");
        assertThat(queries.get("/api/v1/fleet-upgrades?product=" + product).json().at("/fleets/0/status")
                .asString()).isEqualTo("HALTED");
    }

    @Test
    void aFleetWhoseClustersAllSucceedCompletesWaveAfterWaveAcrossACommandApiKillNotifyingEachStateChangeOnce()
            throws Exception {
        String product = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> clusters = registerEight(product);

        String fleetId = start(product);
        // command-api is killed while the fleet runs (its first wave after the canary started), and started again
        String subject = "fleet/" + fleetId;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> services.webhooks
                .deliveriesFor(subject).stream().anyMatch(delivery -> delivery.body().at("/data/wave").asInt() == 1
                        && delivery.body().path("type").asString().equals("dev.upgradeledger.FleetWaveStarted")));
        services.commandApi.kill();
        services.commandApi.start();
        services.commandApi.awaitReady(READY);

        List<JsonNode> events = fleetEvents(fleetId, "FleetUpgradeCompleted");
        assertThat(last(events, "FleetUpgradeCompleted").at("/payload/succeeded").asInt()).isEqualTo(8);
        // (after the kill the publisher may send an event again: counted once by its id)
        assertThat(events.stream().filter(e -> e.get("eventType").asString().equals("FleetWaveStarted"))
                .map(e -> e.get("eventId").asString()).distinct()).hasSize(3);
        for (String cluster : clusters) {
            assertThat(upgradeStatus(cluster)).as(cluster).isEqualTo("COMPLETED");
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> queries
                .get("/api/v1/fleet-upgrades/" + fleetId).json().path("status").asString().equals("COMPLETED"));
        JsonNode fleet = queries.get("/api/v1/fleet-upgrades/" + fleetId).json();
        assertThat(fleet.at("/clusters/succeeded").asInt()).isEqualTo(8);
        assertThat(fleet.get("waves").valueStream().map(wave -> wave.get("status").asString()))
                .containsExactly("SETTLED", "SETTLED", "SETTLED");
        assertThat(fleet.get("waves").findValuesAsString("state")).containsOnly("SUCCEEDED");

        // the receiver got every notification of the fleet (its events of the notified types) once by id, signed
        List<String> notified = events.stream()
                .filter(event -> WebhookReceiver.FLEET_TYPES.contains(event.get("eventType").asString()))
                .map(event -> event.get("eventId").asString()).distinct().toList();
        assertThat(notified).hasSizeGreaterThanOrEqualTo(5);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> services.webhooks
                .deliveriesFor(subject).stream().map(delivery -> delivery.body().get("id").asString()).distinct()
                .count() >= notified.size());
        List<WebhookReceiver.Delivery> deliveries = services.webhooks.deliveriesFor(subject);
        assertThat(deliveries).allSatisfy(delivery -> assertThat(delivery.signed()).as(delivery.id()).isTrue());
        assertThat(deliveries.stream().map(delivery -> delivery.body().get("id").asString()).distinct())
                .containsExactlyInAnyOrderElementsOf(notified);
        assertThat(deliveries.stream().map(WebhookReceiver.Delivery::id).distinct())
                .containsExactlyInAnyOrderElementsOf(notified.stream().map(id -> id + "/system-tests").toList());
        deliveries.stream().collect(java.util.stream.Collectors.groupingBy(WebhookReceiver.Delivery::id))
                .forEach((id, copies) -> assertThat(copies).extracting(WebhookReceiver.Delivery::rawBody).as(id)
                        .containsOnly(copies.get(0).rawBody()));
        assertThat(deliveries).extracting(delivery -> delivery.body().path("fleetid").asString()).containsOnly(fleetId);
    }

    private static String start(String product) {
        String fleetId = "f-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.ApiResponse started = commands.post("/api/v1/fleet-upgrades", """
                {"fleetId":"%s","selector":{"product":"%s"},"targetVersion":"1.1","upgrade":{"strategy":"OFFLINE"},
                 "waves":{"canary":"1","waveSize":"4","maxConcurrent":4},"failureBudget":"0"}"""
                .formatted(fleetId, product));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(started.json().at("/plan/waves").findValues("index")).hasSize(3);
        return fleetId;
    }

    private static List<String> registerEight(String product) {
        List<String> clusters = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String clusterId = product + "-" + i;
            ApiClient.ApiResponse registered = commands.post("/api/v1/clusters", """
                    {"clusterId":"%s","product":"%s","version":"1.0","nodes":[{"id":"n-1","address":"10.0.9.%d:1"}]}"""
                    .formatted(clusterId, product, i));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            clusters.add(clusterId);
        }
        for (String cluster : clusters) {
            await().atMost(Duration.ofSeconds(60)).until(() -> queries.get("/api/v1/clusters/" + cluster).status() == 200);
        }
        return clusters;
    }

    /** The fleet's events on ledger.fleet-events, read until one of type {@code until} arrives. */
    private static List<JsonNode> fleetEvents(String fleetId, String until) {
        try (TopicReader reader = new TopicReader(LedgerTopics.FLEET_EVENTS)) {
            List<JsonNode> events = reader.readUntil(all -> all.stream().anyMatch(r -> fleetId.equals(r.key())
                            && r.value().contains("\"" + until + "\"")), Duration.ofSeconds(180)).stream()
                    .filter(r -> fleetId.equals(r.key())).map(r -> JSON.readTree(r.value())).toList();
            assertThat(events).extracting(e -> e.get("eventType").asString()).as("the events of " + fleetId)
                    .contains(until);
            return events;
        }
    }

    private static JsonNode last(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.get("eventType").asString())).reduce((a, b) -> b)
                .orElseThrow();
    }

    private static String upgradeStatus(String clusterId) {
        JsonNode status = queries.get("/api/v1/clusters/" + clusterId).json().at("/cluster/upgrade/status");
        return status.isMissingNode() || status.isNull() ? "" : status.asString();
    }

    private static void awaitUpgradeStatus(String clusterId, String status) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> status.equals(upgradeStatus(clusterId)));
    }
}
