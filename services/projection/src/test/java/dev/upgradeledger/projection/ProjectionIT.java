package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;

@LedgerIntegrationTest
class ProjectionIT extends ProjectionIntegrationTest {

    private static final AtomicLong POSITIONS = new AtomicLong(1_000);



    @Test
    void aPublishedRegistrationShowsUpWithItsNodes() {
        EventEnvelope registered = registration(uniqueClusterId(), "ipfs-cluster");

        publish(registered);

        JsonNode cluster = awaitCluster(registered.clusterId());
        assertThat(cluster.at("/cluster/product").asString()).isEqualTo("ipfs-cluster");
        assertThat(cluster.at("/cluster/version").asString()).isEqualTo("1.0.8");
        assertThat(cluster.at("/cluster/schemaVersion").asString()).isEqualTo("1");
        assertThat(cluster.at("/cluster/nodeCount").asInt()).isEqualTo(2);
        assertThat(cluster.at("/cluster/lastSequence").asLong()).isZero();
        assertThat(cluster.at("/cluster/lastPosition").asLong()).isEqualTo(registered.position());
        assertThat(cluster.get("nodes")).hasSize(2);
        assertThat(cluster.at("/nodes/0/nodeId").asString()).isEqualTo("peer-1");
        assertThat(cluster.at("/nodes/0/group").asString()).isEqualTo("zone-a");
        assertThat(cluster.at("/nodes/0/state").asString()).isEqualTo("IN_SERVICE");
        assertThat(cluster.at("/nodes/1/version").asString()).isEqualTo("1.0.8");
    }

    @Test
    void aDuplicateDeliveryChangesNothing() {
        EventEnvelope registered = registration(uniqueClusterId(), "camunda");
        publish(registered);
        String first = awaitCluster(registered.clusterId()).toString();
        double duplicatesBefore = duplicates();

        publish(registered);
        publish(registered);

        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 2);
        assertThat(api.get("/api/v1/clusters/" + registered.clusterId()).json().toString()).isEqualTo(first);
        assertThat(api.get("/api/v1/clusters?product=camunda").json().findValuesAsString("clusterId"))
                .containsOnlyOnce(registered.clusterId().value());
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndDoesNotBlockItsPartition() {
        String clusterId = uniqueClusterId();
        kafka.send(LedgerTopics.EVENTS, clusterId, "{ this is not an envelope").join();
        kafka.send(LedgerTopics.EVENTS, clusterId,
                "{\"eventId\":\"x\",\"eventType\":\"EventFromTheFuture\",\"clusterId\":\"" + clusterId
                        + "\",\"payload\":{}}").join();

        publish(registration(clusterId, "inmanta"));

        awaitCluster(ClusterId.of(clusterId));
        try (TopicReader deadLetters = new TopicReader(LedgerTopics.deadLetter(LedgerTopics.EVENTS, "projection"))) {
            List<ConsumerRecord<String, String>> parked = deadLetters.readUntil(
                    records -> records.stream().filter(r -> clusterId.equals(r.key())).count() >= 2,
                    Duration.ofSeconds(20)).stream().filter(r -> clusterId.equals(r.key())).toList();
            assertThat(parked).extracting(ConsumerRecord::value)
                    .containsExactly("{ this is not an envelope", parked.get(1).value());
            assertThat(parked.get(1).value()).contains("EventFromTheFuture");
            assertThat(new String(parked.get(1).headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(),
                    StandardCharsets.UTF_8)).contains("unknown event type EventFromTheFuture");
        }
    }

    @Test
    void anUpgradeIsFollowedNodeByNodeAndRedeliveriesChangeNothing() {
        EventEnvelope registered = registration(uniqueClusterId(), "camunda");
        ClusterId id = registered.clusterId();
        UpgradeId upgrade = UpgradeId.of("u-1");
        NodeId peer1 = NodeId.of("peer-1");
        List<EventEnvelope> history = List.of(registered,
                next(registered, 1, new UpgradePlanned(id, upgrade, Version.of("1.0.8"), Version.of("1.1.0"),
                        Version.of("2"), UpgradeStrategy.ROLLING,
                        new UpgradePlan(List.of(new PlannedStage(0, "migrate", List.of(new PlannedStep("s0.0",
                                StepAction.MIGRATE_SCHEMA, id, null, Map.of()))))), List.of())),
                next(registered, 2, new SchemaMigrated(id, upgrade, "s0.0", Version.of("1"), Version.of("2"))),
                next(registered, 3, new NodeIsolated(id, upgrade, "s1.0", peer1)),
                next(registered, 4, new NodeUpgraded(id, upgrade, "s2.0", peer1, Version.of("1.0.8"),
                        Version.of("1.1.0"))));
        history.forEach(this::publish);
        publish(history.get(3));
        await().atMost(Duration.ofSeconds(20)).until(() -> awaitCluster(id).at("/cluster/lastSequence").asLong() == 4);

        JsonNode during = awaitCluster(id);
        assertThat(during.at("/cluster/schemaVersion").asString()).isEqualTo("2");
        assertThat(during.at("/cluster/upgrade/status").asString()).isEqualTo("RUNNING");
        assertThat(during.at("/cluster/mixedVersionWindow").asBoolean()).isTrue();
        assertThat(during.at("/nodes/0/state").asString()).isEqualTo("ISOLATED");
        assertThat(during.at("/nodes/0/version").asString()).isEqualTo("1.1.0");
        assertThat(during.at("/nodes/1/version").asString()).isEqualTo("1.0.8");

        publish(next(registered, 5, new NodeReintegrated(id, upgrade, "s3.0", peer1)));
        publish(next(registered, 6, new UpgradeCompleted(id, upgrade, Version.of("1.1.0"), Version.of("2"), false)));
        publish(history.get(4));
        await().atMost(Duration.ofSeconds(20)).until(() -> awaitCluster(id).at("/cluster/lastSequence").asLong() == 6);
        JsonNode completed = awaitCluster(id);
        assertThat(completed.at("/cluster/version").asString()).isEqualTo("1.1.0");
        assertThat(completed.at("/cluster/upgrade/status").asString()).isEqualTo("COMPLETED");
        assertThat(completed.at("/cluster/mixedVersionWindow").asBoolean()).isTrue();
        assertThat(completed.at("/nodes/0/state").asString()).isEqualTo("IN_SERVICE");

        publish(next(registered, 7, new UpgradeFinalized(id, upgrade, Version.of("1.1.0"))));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "FINALIZED".equals(awaitCluster(id).at("/cluster/upgrade/status").asString()));
        assertThat(awaitCluster(id).at("/cluster/mixedVersionWindow").asBoolean())
                .as("peer-2 still runs 1.0.8, so the window stays open").isTrue();
    }

    @Test
    void theHistoryHoldsEveryEventOnceWithItsAuditTrailAndCanBeFilteredAndPaged() {
        EventEnvelope registered = registration(uniqueClusterId(), "ipfs-cluster");
        ClusterId id = registered.clusterId();
        UpgradeId upgrade = UpgradeId.of("u-h");
        List<EventEnvelope> history = List.of(registered,
                next(registered, 1, new NodeIsolated(id, upgrade, "s1.0", NodeId.of("peer-1"))),
                next(registered, 2, new NodeUpgraded(id, upgrade, "s2.0", NodeId.of("peer-1"), Version.of("1.0.8"),
                        Version.of("1.1.0"))),
                next(registered, 3, new NodeIsolated(id, upgrade, "s3.0", NodeId.of("peer-2"))));
        history.forEach(this::publish);
        publish(history.get(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> awaitCluster(id).at("/cluster/lastSequence").asLong() == 3);
        String base = "/api/v1/clusters/" + id + "/history";

        JsonNode all = api.get(base).json();
        assertThat(all.get("events").findValuesAsString("eventType")).containsExactly("ClusterRegistered",
                "NodeIsolated", "NodeUpgraded", "NodeIsolated");
        assertThat(all.at("/events/1/actor").asString()).isEqualTo("sre-alice");
        assertThat(all.at("/events/1/correlationId").asString()).isEqualTo("req-1");
        assertThat(all.at("/events/1/upgradeId").asString()).isEqualTo("u-h");
        assertThat(all.at("/events/2/payload/toVersion").asString()).isEqualTo("1.1.0");
        assertThat(all.get("next").isNull()).isTrue();

        List<String> isolatedNodes = new java.util.ArrayList<>();
        api.get(base + "?type=NodeIsolated").json().get("events").forEach(e -> isolatedNodes.add(e.get("nodeId").asString()));
        assertThat(isolatedNodes).containsExactly("peer-1", "peer-2");
        assertThat(api.get(base + "?nodeId=peer-1&upgradeId=u-h").json().get("events")
                .findValuesAsString("eventType")).containsExactly("NodeIsolated", "NodeUpgraded");
        assertThat(api.get(base + "?actor=nobody").json().get("events")).isEmpty();
        assertThat(api.get(base + "?from=" + Instant.now().plusSeconds(3600)).json().get("events")).isEmpty();

        JsonNode first = api.get(base + "?limit=3").json();
        assertThat(first.get("events")).hasSize(3);
        JsonNode second = api.get(base + "?limit=3&after=" + first.get("next").asString()).json();
        assertThat(second.get("events").findValuesAsString("eventType")).containsExactly("NodeIsolated");
        assertThat(second.get("next").isNull()).isTrue();
    }

    @Test
    void aDashboardThatReconnectsWithLastEventIdSeesEveryEventOnce() throws Exception {
        EventEnvelope registered = registration(uniqueClusterId(), "camunda");
        ClusterId id = registered.clusterId();
        UpgradeId upgrade = UpgradeId.of("u-s");
        String stream = "http://127.0.0.1:" + port + "/api/v1/clusters/" + id + "/stream?after=0";
        List<EventEnvelope> history = new java.util.ArrayList<>(List.of(registered));
        for (int i = 1; i <= 5; i++) {
            history.add(next(registered, i, new NodeIsolated(id, upgrade, "s" + i + ".0", NodeId.of("peer-1"))));
        }

        List<SseClient.Event> seen = new java.util.ArrayList<>();
        try (SseClient first = SseClient.open(stream, null)) {
            history.subList(0, 3).forEach(this::publish);
            seen.addAll(first.take(3, Duration.ofSeconds(20)));
        }
        history.subList(3, 6).forEach(this::publish);
        publish(history.get(4));
        await().atMost(Duration.ofSeconds(20)).until(() -> awaitCluster(id).at("/cluster/lastSequence").asLong() == 5);
        try (SseClient again = SseClient.open(stream, seen.get(seen.size() - 1).id())) {
            seen.addAll(again.take(3, Duration.ofSeconds(20)));
            assertThat(again.take(1, Duration.ofSeconds(2))).as("nothing more, nothing twice").isEmpty();
        }

        assertThat(seen).extracting(event -> ApiClient.json(event.data()).at("/event/sequence").asLong())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(seen).extracting(SseClient.Event::name).startsWith("ClusterRegistered", "NodeIsolated");
        assertThat(seen).extracting(SseClient.Event::id).doesNotHaveDuplicates();
    }

    @Test
    void badHistoryQueriesAreProblems() {
        EventEnvelope registered = registration(uniqueClusterId(), "camunda");
        publish(registered);
        awaitCluster(registered.clusterId());
        String base = "/api/v1/clusters/" + registered.clusterId() + "/history";

        assertThat(api.get("/api/v1/clusters/never-seen/history").status()).isEqualTo(404);
        assertThat(api.get(base + "?type=LaunchedRocket").json().get("type").asString())
                .isEqualTo("urn:upgrade-ledger:problem:invalid-request");
        assertThat(api.get(base + "?limit=0").status()).isEqualTo(400);
        assertThat(api.get(base + "?from=yesterday").status()).isEqualTo(400);
        assertThat(api.get(base + "?after=abc").status()).isEqualTo(400);
    }

    @Test
    void clustersCanBeFilteredByProduct() {
        EventEnvelope replicante = registration(uniqueClusterId(), "replicante");
        EventEnvelope backendAi = registration(uniqueClusterId(), "backend.ai");
        publish(replicante);
        publish(backendAi);
        awaitCluster(replicante.clusterId());
        awaitCluster(backendAi.clusterId());

        List<String> ids = api.get("/api/v1/clusters?product=backend.ai").json().findValuesAsString("clusterId");

        assertThat(ids).contains(backendAi.clusterId().value()).doesNotContain(replicante.clusterId().value());
    }

    @Test
    void anUnknownClusterIsANotFoundProblem() {
        ApiResponse response = api.get("/api/v1/clusters/never-registered");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:cluster-not-found");
    }

    @Test
    void aMalformedClusterIdIsABadRequestProblem() {
        ApiResponse response = api.get("/api/v1/clusters/Not_A_Label");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:invalid-request");
    }

    private JsonNode awaitCluster(ClusterId clusterId) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/clusters/" + clusterId).status() == 200);
        return api.get("/api/v1/clusters/" + clusterId).json();
    }



    private static EventEnvelope registration(String clusterId, String product) {
        ClusterRegistered event = new ClusterRegistered(ClusterId.of(clusterId), product, Version.of("1.0.8"),
                Version.of("1"), List.of(new NodeSpec(NodeId.of("peer-1"), "10.0.0.1:9094", "zone-a"),
                new NodeSpec(NodeId.of("peer-2"), "10.0.0.2:9094", "zone-b")));
        return new EventEnvelope(UUID.randomUUID().toString(), "ClusterRegistered", "1", event.clusterId(), 0,
                POSITIONS.incrementAndGet(), Instant.now().truncatedTo(ChronoUnit.MICROS), "req-1", "cmd-1",
                "sre-alice", event);
    }

    private static EventEnvelope next(EventEnvelope first, long sequence, LedgerEvent event) {
        return new EventEnvelope(UUID.randomUUID().toString(), LedgerEvents.typeName(event.getClass()), "1",
                first.clusterId(), sequence, POSITIONS.incrementAndGet(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                "req-1", "cmd-1", "sre-alice", event);
    }

    private static String uniqueClusterId() {
        return "p-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
