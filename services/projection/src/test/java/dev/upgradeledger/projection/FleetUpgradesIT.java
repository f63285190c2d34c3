package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import dev.upgradeledger.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fleet read models from {@code ledger.fleet-events}: a fleet of three clusters (canary a, then b and c, budget 0)
 * whose b pauses in the second wave, halting the fleet; the clusters' own upgrades (upgrade id = fleet id) are on
 * {@code ledger.events} as command-api would publish them. Events come out of order and twice; poison records are
 * dead-lettered.
 */
@LedgerIntegrationTest
class FleetUpgradesIT extends ProjectionIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String product;
    private String fleetId;
    private String a;
    private String b;
    private String c;
    private final List<String> events = new ArrayList<>();
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    @BeforeEach
    void clustersAndTheirUpgrades() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        product = "fleetprod-" + suffix;
        fleetId = "fleet-" + suffix;
        a = "fa-" + suffix;
        b = "fb-" + suffix;
        c = "fc-" + suffix;
        History canary = History.registered(a, product, "1.0.8", "peer-1", "peer-2");
        UpgradeRun.rolling(canary, fleetId, "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1", "peer-2").runStage(0);
        History failing = History.registered(b, product, "1.0.8", "peer-1", "peer-2");
        UpgradeRun run = UpgradeRun.rolling(failing, fleetId, "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1",
                "peer-2");
        run.runStage(0);
        run.start(run.step(1, 0), 1);
        run.fail(run.step(1, 0), 1, "agent-unreachable", false);
        failing.add(new UpgradePaused(failing.clusterId(), run.upgradeId, "step s1.0 failed: agent-unreachable"));
        History waiting = History.registered(c, product, "1.0.8", "peer-1");
        List<History> histories = List.of(canary, failing, waiting);
        histories.forEach(history -> history.all().forEach(this::publish));
        // the first requests of a class wait for the service to warm up: more than the usual 20 s on a busy machine
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> histories.stream()
                .allMatch(history -> {
                    var cluster = api.get("/api/v1/clusters/" + history.clusterId());
                    return cluster.status() == 200
                            && cluster.json().at("/cluster/lastSequence").asLong() >= history.last().sequence();
                }));
    }

    @Test
    void aHaltedFleetShowsItsWavesBudgetAndTheClustersThatUsedIt() {
        fleetEvent("FleetUpgradeStarted", Map.of("fleetId", fleetId, "product", product, "targetVersion", "1.1.0",
                "upgrade", Map.of("strategy", "ROLLING", "maxUnavailable", "1"),
                "waves", List.of(wave(0, true, a), wave(1, false, b, c)), "failureBudget", "0",
                "allowedFailures", 0, "maxConcurrent", 10, "gates", Map.of("approval", false),
                "skipped", List.of(Map.of("clusterId", "fold-" + fleetId.substring(6), "currentVersion", "0.9",
                        "rule", "no-line-skipping", "detail", "0.9 cannot reach 1.1.0 in one line",
                        "wayOut", "upgrade it to 1.0 first", "allowedPath", List.of("0.9", "1.0.0")))));
        fleetEvent("FleetWaveStarted", Map.of("fleetId", fleetId, "wave", 0));
        fleetEvent("FleetClusterStarted", Map.of("fleetId", fleetId, "wave", 0, "clusterId", a));
        fleetEvent("FleetClusterSettled", Map.of("fleetId", fleetId, "clusterId", a, "outcome", "SUCCEEDED"));
        fleetEvent("FleetWaveStarted", Map.of("fleetId", fleetId, "wave", 1));
        fleetEvent("FleetClusterStarted", Map.of("fleetId", fleetId, "wave", 1, "clusterId", b));
        fleetEvent("FleetClusterStarted", Map.of("fleetId", fleetId, "wave", 1, "clusterId", c));
        fleetEvent("FleetClusterSettled", Map.of("fleetId", fleetId, "clusterId", b, "outcome", "PAUSED",
                "reason", "step s1.0 failed: agent-unreachable"));
        fleetEvent("FleetUpgradeHalted", Map.of("fleetId", fleetId, "wave", 1, "cause", "failure-budget",
                "failed", List.of(Map.of("clusterId", b, "wave", 1, "outcome", "PAUSED",
                        "reason", "step s1.0 failed: agent-unreachable")), "allowedFailures", 0,
                "detail", "1 clusters failed or paused, the budget 0 tolerates 0"));

        // out of order: #4 before #3 waits for it; #8 before #7 too
        double early = counted("early");
        publish(0, 1, 2, 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> counted("early") >= early + 1);
        assertThat(api.get("/api/v1/fleet-upgrades/" + fleetId).json().get("lastSequence").asLong())
                .as("#4 waits for #3").isEqualTo(2);
        publish(3, 5, 6, 8, 7);
        JsonNode fleet = awaitFleet(json -> json.get("lastSequence").asLong() == 8);

        assertThat(fleet.get("status").asString()).isEqualTo("HALTED");
        assertThat(fleet.get("waitingFor").asString()).isEqualTo("RESUME");
        assertThat(fleet.get("product").asString()).isEqualTo(product);
        assertThat(fleet.get("currentWave").asInt()).isEqualTo(1);
        assertThat(fleet.at("/clusters/total").asInt()).isEqualTo(3);
        assertThat(fleet.at("/clusters/succeeded").asInt()).isEqualTo(1);
        assertThat(fleet.at("/clusters/running").asInt()).isEqualTo(1);
        assertThat(fleet.at("/clusters/paused").asInt()).isEqualTo(1);
        assertThat(fleet.at("/failureBudget/used").asInt()).isEqualTo(1);
        assertThat(fleet.at("/failureBudget/allowed").asInt()).isZero();
        assertThat(fleet.at("/failureBudget/exceeded").asBoolean()).isTrue();
        assertThat(fleet.at("/halt/cause").asString()).isEqualTo("failure-budget");
        assertThat(fleet.at("/halt/failed/0/clusterId").asString()).isEqualTo(b);
        assertThat(fleet.at("/halt/liftedAt").isNull()).isTrue();
        assertThat(fleet.at("/waves/0/status").asString()).isEqualTo("SETTLED");
        assertThat(fleet.at("/waves/1/status").asString()).isEqualTo("RUNNING");
        assertThat(fleet.at("/waves/0/canary").asBoolean()).isTrue();
        assertThat(StreamSupport.stream(fleet.at("/waves/1/clusters").spliterator(), false)
                .map(cluster -> cluster.get("clusterId").asString() + ":" + cluster.get("state").asString()))
                .containsExactly(b + ":PAUSED", c + ":RUNNING");
        // joined with each cluster's own upgrade (upgrade id = the fleet's id)
        JsonNode paused = fleet.at("/waves/1/clusters/0");
        assertThat(paused.at("/upgrade/status").asString()).isEqualTo("PAUSED");
        assertThat(paused.at("/upgrade/lastFailure/code").asString()).isEqualTo("agent-unreachable");
        assertThat(paused.get("countsAgainstBudget").asBoolean()).isTrue();
        assertThat(paused.at("/path/0").asString()).isEqualTo("1.0.8");
        assertThat(fleet.at("/waves/0/clusters/0/upgrade/status").asString()).isEqualTo("RUNNING");
        assertThat(fleet.at("/waves/1/clusters/1/upgrade").isNull()).as("c's upgrade not seen yet").isTrue();
        assertThat(fleet.at("/skipped/0/rule").asString()).isEqualTo("no-line-skipping");
        assertThat(fleet.at("/skipped/0/allowedPath/1").asString()).isEqualTo("1.0.0");

        // the ETA: measured on the canary's finished steps; halted, so nothing new starts, and as no cluster is
        // pending the fleet is expected to end with the running c
        assertThat(fleet.at("/eta/basis").asString()).isEqualTo("MEASURED");
        assertThat(fleet.at("/eta/stepsMeasured").asInt()).isPositive();
        assertThat(fleet.at("/eta/note").asString()).startsWith("halted");
        assertThat(fleet.at("/waves/1/clusters/1/expectedEnd").isNull()).as("running c").isFalse();
        assertThat(fleet.at("/eta/expectedEnd").asString())
                .isEqualTo(fleet.at("/waves/1/clusters/1/expectedEnd").asString());
        assertThat(fleet.at("/waves/0/clusters/0/expectedEnd").isNull()).as("settled a").isTrue();

        JsonNode diagnosis = api.get("/api/v1/fleet-upgrades/" + fleetId + "/diagnosis").json();
        assertThat(diagnosis.get("halted").asBoolean()).isTrue();
        assertThat(diagnosis.get("summary").asString()).contains("halted in wave 1", "failure-budget", b,
                "agent-unreachable");
        assertThat(diagnosis.at("/failures/0/clusterId").asString()).isEqualTo(b);
        assertThat(diagnosis.at("/failures/0/upgrade/lastFailure/stepId").asString()).isEqualTo("s1.0");
        assertThat(diagnosis.at("/failures/0/diagnosis").asString())
                .isEqualTo("/api/v1/upgrades/" + fleetId + "/diagnosis?clusterId=" + b);

        // duplicates change nothing
        double duplicates = counted("duplicate");
        publish(3, 8, 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> counted("duplicate") >= duplicates + 3);
        assertThat(FleetGatesProjectionIT.recorded(api.get("/api/v1/fleet-upgrades/" + fleetId).json()))
                .isEqualTo(FleetGatesProjectionIT.recorded(fleet));

        // resumed: the halt is kept as lifted, b counts again only if it pauses again
        fleetEvent("FleetUpgradeResumed", Map.of("fleetId", fleetId, "paused", List.of(b)));
        fleetEvent("FleetClusterResumed", Map.of("fleetId", fleetId, "clusterId", b));
        publish(9, 10);
        JsonNode resumed = awaitFleet(json -> json.get("lastSequence").asLong() == 10);
        assertThat(resumed.get("status").asString()).isEqualTo("RUNNING");
        assertThat(resumed.at("/halt/liftedAt").isNull()).isFalse();
        assertThat(resumed.at("/failureBudget/used").asInt()).isZero();
        assertThat(resumed.at("/waves/1/clusters/0/state").asString()).isEqualTo("RUNNING");
        // running again: the end is the later of its two running clusters' ends
        assertThat(Instant.parse(resumed.at("/eta/expectedEnd").asString())).isEqualTo(Instant.parse(
                resumed.at("/waves/1/clusters/1/expectedEnd").asString()).isAfter(Instant.parse(
                resumed.at("/waves/1/clusters/0/expectedEnd").asString()))
                ? Instant.parse(resumed.at("/waves/1/clusters/1/expectedEnd").asString())
                : Instant.parse(resumed.at("/waves/1/clusters/0/expectedEnd").asString()));
        JsonNode notHalted = api.get("/api/v1/fleet-upgrades/" + fleetId + "/diagnosis").json();
        assertThat(notHalted.get("halted").asBoolean()).isFalse();
        assertThat(notHalted.get("failures").size()).isZero();
    }

    @Test
    void theFleetStreamCarriesEachAppliedEventOnceResumesAndShowsOnlyFleetsTheViewerMaySee() throws Exception {
        fleetEvent("FleetUpgradeStarted", Map.of("fleetId", fleetId, "product", product, "targetVersion", "1.1.0",
                "waves", List.of(wave(0, true, a), wave(1, false, b, c)), "failureBudget", "0",
                "allowedFailures", 0, "maxConcurrent", 10, "skipped", List.of(), "estimatedClusterTime", "PT25M"));
        fleetEvent("FleetWaveStarted", Map.of("fleetId", fleetId, "wave", 0));
        fleetEvent("FleetClusterStarted", Map.of("fleetId", fleetId, "wave", 0, "clusterId", a));
        fleetEvent("FleetClusterSettled", Map.of("fleetId", fleetId, "clusterId", a, "outcome", "SUCCEEDED"));
        fleetEvent("FleetWaveStarted", Map.of("fleetId", fleetId, "wave", 1));
        fleetEvent("FleetUpgradeHalted", Map.of("fleetId", fleetId, "wave", 1, "cause", "failure-budget",
                "failed", List.of(), "allowedFailures", 0, "detail", "halted"));
        publish(0);
        JsonNode planned = awaitFleet(json -> json.get("lastSequence").asLong() == 0);
        // nothing measured yet: a cluster takes the plan's estimate recorded with the start (not the 10-minute default)
        assertThat(planned.at("/eta/basis").asString()).isEqualTo("PLAN");
        assertThat(planned.at("/eta/clusterTime").asString()).isEqualTo("PT25M");
        assertThat(Instant.parse(planned.at("/waves/1/clusters/1/expectedEnd").asString()))
                .isAfterOrEqualTo(Instant.parse(planned.at("/waves/0/clusters/0/expectedEnd").asString())
                        .plus(Duration.ofMinutes(25)));
        String base = "http://127.0.0.1:" + port + "/api/v1/fleet-upgrades/";
        String viewerOfA = TestIssuer.get().token("viewer-a", "viewer:cluster/" + a);
        String viewerOfProduct = TestIssuer.get().token("viewer-p", "viewer:product/" + product);
        List<SseClient.Event> first;
        try (SseClient one = SseClient.open(base + fleetId + "/stream", null);
             SseClient all = SseClient.open(base + "stream", null, viewerOfProduct);
             SseClient partial = SseClient.open(base + "stream", null, viewerOfA)) {
            // #2 comes before #1 and waits; #1 comes twice: each is streamed once, in the fleet's order
            publish(2, 1, 1, 3);
            first = one.take(3, Duration.ofSeconds(20));
            assertThat(first).extracting(SseClient.Event::name)
                    .containsExactly("FleetWaveStarted", "FleetClusterStarted", "FleetClusterSettled");
            assertThat(first).extracting(event -> JSON.readTree(event.data()).get("sequence").asLong())
                    .containsExactly(1L, 2L, 3L);
            assertThat(first).extracting(event -> Long.parseLong(event.id())).isSorted().doesNotHaveDuplicates();
            assertThat(JSON.readTree(first.get(1).data()).at("/payload/clusterId").asString()).isEqualTo(a);
            assertThat(ofFleet(all.take(3, Duration.ofSeconds(20)))).extracting(SseClient.Event::id)
                    .containsExactlyElementsOf(first.stream().map(SseClient.Event::id).toList());
            publish(3, 4);
            assertThat(one.take(1, Duration.ofSeconds(20))).extracting(SseClient.Event::name)
                    .containsExactly("FleetWaveStarted");
            assertThat(one.take(1, Duration.ofSeconds(2))).as("the duplicate #3 is not streamed again").isEmpty();
            // a viewer of cluster a alone may not see the fleet (it took b and c too): nothing of it on its stream
            assertThat(ofFleet(partial.take(1, Duration.ofSeconds(2)))).isEmpty();
        }
        assertThatThrownBy(() -> SseClient.open(base + fleetId + "/stream", null, viewerOfA).close())
                .hasMessageContaining("403");
        // an unknown fleet is not found, whoever asks (the default client may view everything)
        assertThatThrownBy(() -> SseClient.open(base + "fleet-unknown-" + fleetId + "/stream", null).close())
                .hasMessageContaining("404");

        // resumed after the first event it saw: what it missed, then the live ones, each once
        publish(5);
        awaitFleet(json -> json.get("lastSequence").asLong() == 5);
        try (SseClient resumed = SseClient.open(base + fleetId + "/stream", first.get(0).id())) {
            assertThat(resumed.take(4, Duration.ofSeconds(20))).extracting(SseClient.Event::name).containsExactly(
                    "FleetClusterStarted", "FleetClusterSettled", "FleetWaveStarted", "FleetUpgradeHalted");
            publish(5);
            assertThat(resumed.take(1, Duration.ofSeconds(2))).as("the duplicate #5").isEmpty();
        }
    }

    private List<SseClient.Event> ofFleet(List<SseClient.Event> events) {
        return events.stream().filter(event -> JSON.readTree(event.data()).get("fleetId").asString().equals(fleetId))
                .toList();
    }

    @Test
    void theListIsPagedAndFilteredAndEveryAnswerNeedsViewer() {
        String second = fleetId + "-b";
        startedFleet(fleetId, a);
        startedFleet(second, c);
        awaitFleet(json -> true);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/api/v1/fleet-upgrades/" + second).status() == 200);

        var firstPage = api.get("/api/v1/fleet-upgrades?product=" + product + "&limit=1");
        assertThat(firstPage.status()).isEqualTo(200);
        assertThat(firstPage.json().at("/fleets/0/fleetId").asString()).isEqualTo(fleetId);
        assertThat(firstPage.json().get("next").asString()).isEqualTo(fleetId);
        assertThat(firstPage.header("X-Next-After")).isEqualTo(fleetId);
        var secondPage = api.get("/api/v1/fleet-upgrades?product=" + product + "&limit=1&after=" + fleetId);
        assertThat(secondPage.json().at("/fleets/0/fleetId").asString()).isEqualTo(second);
        assertThat(secondPage.json().get("next").isNull()).isTrue();
        assertThat(api.get("/api/v1/fleet-upgrades?clusterId=" + c).json().at("/fleets/0/fleetId").asString())
                .isEqualTo(second);
        assertThat(api.get("/api/v1/fleet-upgrades?product=" + product + "&status=HALTED").json()
                .get("fleets").size()).isZero();

        var unknown = api.get("/api/v1/fleet-upgrades/no-such-fleet");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("type").asString()).endsWith("fleet-not-found");
        assertThat(api.get("/api/v1/fleet-upgrades/bad%20id").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/fleet-upgrades?status=SLEEPING").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/fleet-upgrades?limit=501").status()).isEqualTo(400);

        TestIssuer issuer = TestIssuer.get();
        var viewerOfA = api.as(issuer.token("viewer-a", "viewer:cluster/" + a));
        assertThat(viewerOfA.get("/api/v1/fleet-upgrades/" + fleetId).status()).isEqualTo(200);
        var forbidden = viewerOfA.get("/api/v1/fleet-upgrades/" + second);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(viewerOfA.get("/api/v1/fleet-upgrades").status()).isEqualTo(403);
        assertThat(viewerOfA.get("/api/v1/fleet-upgrades?clusterId=" + a).status()).isEqualTo(200);
        var productViewer = api.as(issuer.token("viewer-p", "viewer:product/" + product));
        assertThat(productViewer.get("/api/v1/fleet-upgrades?product=" + product).json().get("fleets").size())
                .isEqualTo(2);
        assertThat(productViewer.get("/api/v1/fleet-upgrades/" + second + "/diagnosis").status()).isEqualTo(200);
        assertThat(api.anonymous().get("/api/v1/fleet-upgrades").status()).isEqualTo(401);
    }

    @Test
    void recordsThatAreNoFleetEventsAreDeadLetteredAndTheNextOnesApplied() {
        String key = "poison-" + fleetId;
        kafka.send(LedgerTopics.FLEET_EVENTS, key, "{ this is not an envelope").join();
        kafka.send(LedgerTopics.FLEET_EVENTS, key, JSON.writeValueAsString(Map.of("eventType",
                "FleetWaveStarted", "sequence", 0, "payload", Map.of()))).join();
        startedFleet(fleetId, a);
        awaitFleet(json -> json.get("status").asString().equals("RUNNING"));
        try (TopicReader deadLetters = new TopicReader(LedgerTopics.deadLetter(LedgerTopics.FLEET_EVENTS,
                "projection"))) {
            List<ConsumerRecord<String, String>> parked = deadLetters.readUntil(
                    records -> records.stream().filter(r -> key.equals(r.key())).count() >= 2,
                    Duration.ofSeconds(20)).stream().filter(r -> key.equals(r.key())).toList();
            assertThat(parked).extracting(ConsumerRecord::value).first().isEqualTo("{ this is not an envelope");
            assertThat(new String(parked.get(1).headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(),
                    StandardCharsets.UTF_8)).contains("needs eventId");
        }
    }

    private void startedFleet(String id, String cluster) {
        String payload = JSON.writeValueAsString(envelope(id, 0, "FleetUpgradeStarted", Map.of("fleetId", id,
                "targetVersion", "1.1.0", "waves", List.of(wave(0, true, cluster)), "failureBudget", "0",
                "allowedFailures", 0, "maxConcurrent", 1, "skipped", List.of())));
        kafka.send(LedgerTopics.FLEET_EVENTS, id, payload).join();
    }

    private Map<String, Object> wave(int index, boolean canary, String... clusters) {
        List<Map<String, Object>> members = new ArrayList<>();
        for (String cluster : clusters) {
            members.add(Map.of("clusterId", cluster, "product", product, "currentVersion", "1.0.8",
                    "path", List.of("1.0.8", "1.1.0")));
        }
        return Map.of("index", index, "canary", canary, "clusters", members);
    }

    private void fleetEvent(String type, Map<String, Object> payload) {
        events.add(JSON.writeValueAsString(envelope(fleetId, events.size(), type, payload)));
    }

    private Map<String, Object> envelope(String id, long sequence, String type, Map<String, Object> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("eventType", type);
        envelope.put("eventRevision", "1");
        envelope.put("fleetId", id);
        envelope.put("sequence", sequence);
        envelope.put("timestamp", start.plusSeconds(sequence).toString());
        envelope.put("correlationId", "req-fleet");
        envelope.put("actor", "sre-alice");
        envelope.put("payload", payload);
        return envelope;
    }

    private void publish(int... sequences) {
        for (int sequence : sequences) {
            kafka.send(LedgerTopics.FLEET_EVENTS, fleetId, events.get(sequence)).join();
        }
    }

    private double counted(String outcome) {
        return meters.find("ledger.projection.fleet-events").tag("outcome", outcome).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    /** The answer without what is computed when read (the ETA and the clusters' expected times). */
    private JsonNode awaitFleet(java.util.function.Predicate<JsonNode> condition) {
        return awaitJson("/api/v1/fleet-upgrades/" + fleetId, condition);
    }
}
