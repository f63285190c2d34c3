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
 * Fleet upgrades on the simulated fleet with the real service jars (the shared {@link ThreeServices}): issue 15's 60
 * clusters of three versions whose second wave exceeds a budget of 2 (the fleet halts naming the three failed clusters,
 * the running ones finish, nothing new starts; cleared and resumed, it completes), and eight that all complete while command-api is killed
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

    /**
     * Issue 15's scenario: 60 clusters of three versions, a canary of one, then waves of 20 %, at most 10 clusters at
     * once, a budget of 2; three clusters of the second wave fail: the fleet halts naming them, the running clusters
     * finish and nothing new starts; once the faults are cleared a resume finishes every wave.
     */
    @Test
    void sixtyClustersOfThreeVersionsHaltWhenTheSecondWaveExceedsTheBudgetAndAResumeFinishesThem() {
        String product = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> clusters = register(product, 60, List.of("1.0", "1.0.5", "1.0.9"));
        String body = """
                {%s"selector":{"product":"%s"},"targetVersion":"1.1","upgrade":{"strategy":"OFFLINE"},
                 "waves":{"canary":"1","waveSize":"20%%","maxConcurrent":10},"failureBudget":"2"}""";
        // the dry run names the second wave's clusters in their start order: its first three will fail
        ApiClient.ApiResponse planned = commands.post("/api/v1/fleet-upgrades/plans", body.formatted("", product));
        assertThat(planned.status()).as(planned.body()).isEqualTo(200);
        assertThat(planned.json().get("clusters").asInt()).isEqualTo(60);
        assertThat(planned.json().get("skipped").size()).isZero();
        assertThat(planned.json().get("waves").get(0).get("clusters").size()).isEqualTo(1);
        assertThat(planned.json().get("waves").get(1).get("clusters").size()).isEqualTo(12);
        assertThat(planned.json().get("waves").findValuesAsString("currentVersion"))
                .containsOnly("1.0", "1.0.5", "1.0.9");
        List<String> secondWave = planned.json().get("waves").get(1).get("clusters").valueStream()
                .map(cluster -> cluster.get("clusterId").asString()).toList();
        List<String> failing = secondWave.subList(0, 3);
        for (String cluster : failing) {
            assertThat(executor.post("/api/v1/simulated/faults", """
                    {"clusterId":"%s","nodeId":"n-1","action":"UPGRADE_NODE","mode":"FAIL","times":1,"retryable":false}"""
                    .formatted(cluster)).status()).isEqualTo(201);
        }

        String fleetId = "f-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.ApiResponse started = commands.post("/api/v1/fleet-upgrades",
                body.formatted("\"fleetId\":\"" + fleetId + "\",", product));
        assertThat(started.status()).as(started.body()).isEqualTo(201);

        // the third failure exceeds the budget in the second wave: the fleet halts naming the three
        JsonNode halted = last(fleetEvents(fleetId, "FleetUpgradeHalted"), "FleetUpgradeHalted");
        assertThat(halted.at("/payload/cause").asString()).isEqualTo("failure-budget");
        assertThat(halted.at("/payload/wave").asInt()).isEqualTo(1);
        assertThat(halted.at("/payload/failed").findValuesAsString("clusterId"))
                .containsExactlyInAnyOrderElementsOf(failing);
        // the clusters running then finish; nothing new starts
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
            ApiClient.ApiResponse fleet = queries.get("/api/v1/fleet-upgrades/" + fleetId);
            return fleet.status() == 200 && fleet.json().get("status").asString().equals("HALTED")
                    && fleet.json().at("/clusters/running").asInt() == 0;
        });
        JsonNode fleet = queries.get("/api/v1/fleet-upgrades/" + fleetId).json();
        assertThat(fleet.get("currentWave").asInt()).isEqualTo(1);
        assertThat(fleet.at("/failureBudget/allowed").asInt()).isEqualTo(2);
        assertThat(fleet.at("/failureBudget/used").asInt()).isEqualTo(3);
        assertThat(fleet.at("/failureBudget/exceeded").asBoolean()).isTrue();
        assertThat(fleet.at("/clusters/paused").asInt()).isEqualTo(3);
        int startedClusters = 0;
        for (JsonNode wave : fleet.get("waves")) {
            for (JsonNode cluster : wave.get("clusters")) {
                String id = cluster.get("clusterId").asString();
                String state = cluster.get("state").asString();
                if (wave.get("index").asInt() >= 2) {
                    assertThat(state).as(id + " of a later wave").isEqualTo("PENDING");
                    assertThat(upgradeStatus(id)).as(id).isEmpty();
                } else if (failing.contains(id)) {
                    assertThat(state).as(id).isEqualTo("PAUSED");
                } else if (!state.equals("PENDING")) {
                    assertThat(state).as(id + ", running when the fleet halted").isEqualTo("SUCCEEDED");
                }
                startedClusters += state.equals("PENDING") ? 0 : 1;
            }
        }
        assertThat(fleetEvents(fleetId, "FleetUpgradeHalted").stream()
                .filter(e -> e.get("eventType").asString().equals("FleetClusterStarted"))
                .map(e -> e.at("/payload/clusterId").asString()).distinct()).hasSize(startedClusters);
        JsonNode diagnosis = queries.get("/api/v1/fleet-upgrades/" + fleetId + "/diagnosis").json();
        assertThat(diagnosis.get("summary").asString()).contains("halted in wave 1");
        assertThat(diagnosis.get("failures").findValuesAsString("clusterId")).containsAll(failing);
        assertThat(diagnosis.at("/failures/0/upgrade/lastFailure/action").asString()).isEqualTo("UPGRADE_NODE");

        // the faults cleared, a resume lifts the halt: the paused clusters resume and every wave runs
        assertThat(executor.send("DELETE", "/api/v1/simulated/faults", null).status()).isBetween(200, 204);
        ApiClient.ApiResponse resumed = commands.post("/api/v1/fleet-upgrades/" + fleetId + "/resume", "");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
        JsonNode completed = last(fleetEvents(fleetId, "FleetUpgradeCompleted"), "FleetUpgradeCompleted");
        assertThat(completed.at("/payload/succeeded").asInt()).isEqualTo(60);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> queries
                .get("/api/v1/fleet-upgrades/" + fleetId).json().path("status").asString().equals("COMPLETED"));
        assertThat(queries.get("/api/v1/fleet-upgrades/" + fleetId).json().at("/clusters/succeeded").asInt())
                .isEqualTo(60);
        for (String cluster : clusters) {
            assertThat(upgradeStatus(cluster)).as(cluster).isEqualTo("COMPLETED");
        }
        assertThat(queries.get("/api/v1/fleet-upgrades?product=" + product).json().at("/fleets/0/status")
                .asString()).isEqualTo("COMPLETED");
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
        return register(product, 8, List.of("1.0"));
    }

    /** {@code count} one-node clusters of the product, their versions taken in turn from {@code versions}. */
    private static List<String> register(String product, int count, List<String> versions) {
        List<String> clusters = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String clusterId = product + "-" + i;
            ApiClient.ApiResponse registered = commands.post("/api/v1/clusters", """
                    {"clusterId":"%s","product":"%s","version":"%s","nodes":[{"id":"n-1","address":"10.0.9.%d:1"}]}"""
                    .formatted(clusterId, product, versions.get(i % versions.size()), i));
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
