package dev.upgradeledger.projection.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Snapshots, recovery and rebuilds on the real PostgreSQL and Kafka, in the module's shared context. These tests drop,
 * recreate and swap the whole projection schema, which holds the other test classes' clusters too: each compares
 * checksums of everything, so they only need that nothing else publishes while they run (test classes run one after
 * another). The test that deletes the beginning of a partition of ledger.events runs last, as the topic stays so.
 */
@LedgerIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoveryIT extends ServiceIntegrationTest {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final String OPERATION_IN_PROGRESS = "urn:upgrade-ledger:problem:operation-in-progress";

    /** The super user's producer: the test plays the other services and clients. */
    KafkaTemplate<String, String> kafka = LedgerInfrastructure.get().kafkaTemplate();
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DeferredIndexes deferredIndexes;

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    @Order(1)
    void aDroppedSchemaIsRecoveredFromTheLatestSnapshotReplayingOnlyWhatFollowsIt() {
        String first = Histories.uniqueClusterId("rec");
        String second = Histories.uniqueClusterId("rec");
        String third = Histories.uniqueClusterId("rec");
        List<EventEnvelope> firstHistory = Histories.rollingUpgrade(first, 3);
        List<EventEnvelope> secondHistory = Histories.rollingUpgrade(second, 2);
        List<EventEnvelope> thirdHistory = Histories.rollingUpgrade(third, 2);
        int half = firstHistory.size() / 2;
        publish(firstHistory.subList(0, half));
        publish(secondHistory);
        awaitCaughtUp();

        ApiResponse taken = adminPost("/admin/v1/snapshots", "");
        assertThat(taken.status()).isEqualTo(201);
        String snapshotId = taken.json().get("id").asString();
        assertThat(taken.header("Location")).isEqualTo("/admin/v1/snapshots/" + snapshotId);
        assertThat(taken.json().get("tables").findValuesAsString("name"))
                .contains("cluster_status", "node_status", "projection_cursor", "history_event", "stream_counter")
                .doesNotContain("flyway_schema_history", "projection_offset");
        assertThat(taken.json().get("positions")).isNotEmpty();

        List<EventEnvelope> afterSnapshot = new ArrayList<>(firstHistory.subList(half, firstHistory.size()));
        afterSnapshot.addAll(thirdHistory);
        publish(afterSnapshot);
        JsonNode before = awaitCaughtUp();
        JsonNode clusterBefore = api.get("/api/v1/clusters/" + first).json();
        assertThat(clusterBefore.at("/cluster/version").asString()).isEqualTo("7.6");
        String historyBefore = api.get("/api/v1/clusters/" + first + "/history?limit=500").json().toString();

        jdbc.sql("drop schema projection cascade").update();
        assertThat(api.get("/api/v1/clusters/" + first).status()).as("the read models are gone").isEqualTo(500);

        double appliedBefore = counted("applied");
        ApiResponse recovered = adminPost("/admin/v1/recovery", "");
        assertThat(recovered.status()).isEqualTo(200);
        assertThat(recovered.json().get("snapshotId").asString()).isGreaterThanOrEqualTo(snapshotId);
        publish(secondHistory.subList(0, 3));
        publish(firstHistory.subList(half - 2, half + 2));
        JsonNode after = awaitCaughtUp();

        assertThat(after.get("tables")).isEqualTo(before.get("tables"));
        assertThat(after.get("checksum").asString()).isEqualTo(before.get("checksum").asString());
        assertThat(api.get("/api/v1/clusters/" + first).json()).isEqualTo(clusterBefore);
        assertThat(api.get("/api/v1/clusters/" + first + "/history?limit=500").json().toString())
                .isEqualTo(historyBefore);
        assertThat(counted("applied") - appliedBefore)
                .as("only events after the snapshot are applied again, not the whole topic")
                .isLessThanOrEqualTo(afterSnapshot.size());
    }

    @Test
    @Order(2)
    void aFullRebuildReplaysTheTopicIntoIdenticalReadModels() {
        String clusterId = Histories.uniqueClusterId("full");
        List<EventEnvelope> history = Histories.rollingUpgrade(clusterId, 4);
        publish(history);
        publish(history.subList(3, 6));
        JsonNode before = awaitCaughtUp();
        List<String> indexesBefore = indexes();
        assertThat(indexesBefore).anyMatch(index -> index.startsWith("history_event_time: "))
                .anyMatch(index -> index.startsWith("history_event_stream_id: "));

        ApiResponse started = adminPost("/admin/v1/rebuilds", "{\"mode\":\"FULL\"}");
        assertThat(started.status()).isEqualTo(202);
        String location = started.header("Location");
        assertThat(started.json().get("mode").asString()).isEqualTo("FULL");
        ApiResponse refused = api.post("/admin/v1/snapshots", "");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asString())
                .isEqualTo("urn:upgrade-ledger:problem:operation-in-progress");

        await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200))
                .until(() -> "COMPLETED".equals(api.get(location).json().get("state").asString()));
        JsonNode after = awaitCaughtUp();

        assertThat(after.get("tables")).isEqualTo(before.get("tables"));
        assertThat(after.get("checksum").asString()).isEqualTo(before.get("checksum").asString());
        // the secondary indexes dropped during the replay are built again, every one as it was
        assertThat(indexes()).isEqualTo(indexesBefore);
        assertThat(jdbc.sql("select count(*) from deferred_index").query(Long.class).single()).isZero();
    }

    @Test
    @Order(3)
    void indexesDeferredByARebuildThatDidNotEndAreBuiltAtStartUp() {
        List<String> before = indexes();
        List<String> deferred = deferredIndexes.defer("projection");
        assertThat(deferred).containsExactlyInAnyOrderElementsOf(DeferredIndexes.DEFERRABLE);
        assertThat(indexes()).hasSize(before.size() - deferred.size());
        // a rebuild's process stopped here: at the next start-up, before the listeners start
        deferredIndexes.afterSingletonsInstantiated();
        assertThat(indexes()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from deferred_index").query(Long.class).single()).isZero();
    }

    /** The live schema's indexes with their definitions, by name. */
    private List<String> indexes() {
        return jdbc.sql("select indexname || ': ' || indexdef from pg_indexes where schemaname = 'projection'"
                + " order by indexname").query(String.class).list();
    }

    @Test
    @Order(3)
    void aSideBySideRebuildSwitchesOverWhileEveryQueryIsAnswered() throws Exception {
        String clusterId = Histories.uniqueClusterId("sbs");
        List<EventEnvelope> history = Histories.rollingUpgrade(clusterId, 3);
        publish(history);
        // and a fleet upgrade of that cluster: fed by ledger.fleet-events, which a rebuild does not replay
        String fleetId = "fleet-" + clusterId;
        kafka.send(LedgerTopics.FLEET_EVENTS, fleetId, startedFleet(fleetId, clusterId)).join();
        await().atMost(CATCH_UP).until(() -> api.get("/api/v1/fleet-upgrades/" + fleetId).status() == 200);
        JsonNode before = awaitCaughtUp();
        String clusterBefore = api.get("/api/v1/clusters/" + clusterId).json().toString();

        List<Integer> statuses = new CopyOnWriteArrayList<>();
        List<String> differing = new CopyOnWriteArrayList<>();
        AtomicBoolean querying = new AtomicBoolean(true);
        Thread dashboard = new Thread(() -> {
            ApiClient client = new ApiClient("http://127.0.0.1:" + port);
            while (querying.get()) {
                ApiResponse answer = client.get("/api/v1/clusters/" + clusterId);
                statuses.add(answer.status());
                if (answer.status() == 200 && !answer.json().toString().equals(clusterBefore)) {
                    differing.add(answer.body());
                }
                statuses.add(client.get("/api/v1/clusters").status());
            }
        }, "dashboard");
        dashboard.start();
        String location;
        try {
            ApiResponse started = adminPost("/admin/v1/rebuilds", "{\"mode\":\"SIDE_BY_SIDE\"}");
            assertThat(started.status()).isEqualTo(202);
            location = started.header("Location");
            publish(history.subList(0, 5));
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200))
                    .until(() -> "COMPLETED".equals(api.get(location).json().get("state").asString()));
            publish(history.subList(5, 9));
            awaitCaughtUp();
        } finally {
            querying.set(false);
            dashboard.join();
        }

        assertThat(statuses).hasSizeGreaterThan(20).containsOnly(200);
        assertThat(differing).isEmpty();
        JsonNode rebuild = api.get(location).json();
        assertThat(rebuild.get("applied").asLong()).isGreaterThanOrEqualTo(history.size());
        assertThat(jdbc.sql("select count(*) from pg_namespace where nspname like 'projection_%'")
                .query(Long.class).single()).as("the rebuild and previous schemas are gone").isZero();
        JsonNode after = awaitCaughtUp();
        assertThat(after.get("tables")).isEqualTo(before.get("tables"));
        assertThat(after.get("checksum").asString()).isEqualTo(before.get("checksum").asString());
        // the fleet was carried over into the rebuilt schema, with the offset it was read to
        JsonNode fleet = api.get("/api/v1/fleet-upgrades/" + fleetId).json();
        assertThat(fleet.get("lastSequence").asLong()).isZero();
        assertThat(fleet.at("/waves/0/clusters/0/clusterId").asString()).isEqualTo(clusterId);
        assertThat(jdbc.sql("select count(*) from projection_offset where topic = ?").param(LedgerTopics.FLEET_EVENTS)
                .query(Long.class).single()).isPositive();
    }

    /** A fleet upgrade's first event, as command-api publishes it on ledger.fleet-events. */
    private static String startedFleet(String fleetId, String clusterId) {
        return """
                {"eventId":"%s","eventType":"FleetUpgradeStarted","eventRevision":"1","fleetId":"%s","sequence":0,
                 "timestamp":"%s","correlationId":"req-fleet","actor":"sre-alice",
                 "payload":{"fleetId":"%s","targetVersion":"1.1.0","failureBudget":"0","allowedFailures":0,
                            "maxConcurrent":1,"skipped":[],
                            "waves":[{"index":0,"canary":true,"clusters":[{"clusterId":"%s","product":"camunda",
                                      "currentVersion":"1.0.8","path":["1.0.8","1.1.0"]}]}]}}"""
                .formatted(java.util.UUID.randomUUID(), fleetId, java.time.Instant.now(), fleetId, clusterId);
    }

    @Test
    @Order(4)
    void snapshotsAreTakenAutomaticallyEveryNEventsAndOnlyTheLastOnesAreKept() {
        String newestBefore = newestAutomaticSnapshot();
        List<EventEnvelope> history = Histories.rollingUpgrade(Histories.uniqueClusterId("auto"), 6);
        assertThat(history.size()).as("more than ledger.projection.snapshots.every in the tests").isGreaterThan(40);

        publish(history);

        await().atMost(CATCH_UP).until(() -> {
            String newest = newestAutomaticSnapshot();
            return newest != null && !newest.equals(newestBefore);
        });
        JsonNode snapshots = api.get("/admin/v1/snapshots").json();
        assertThat(snapshots.size()).isBetween(1, 4);
        assertThat(api.get("/admin/v1/snapshots/" + snapshots.get(0).get("id").asString()).status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void badAdminRequestsAreProblemsAndTheAdminApiHasItsOwnDocument() {
        assertThat(api.post("/admin/v1/rebuilds", "{\"mode\":\"SIDEWAYS\"}").json().get("type").asString())
                .isEqualTo("urn:upgrade-ledger:problem:invalid-request");
        assertThat(api.post("/admin/v1/rebuilds", "{}").status()).isEqualTo(400);
        assertThat(api.post("/admin/v1/rebuilds", "{\"mode\":\"SIDE_BY_SIDE\",\"source\":\"EVENT_STORE\"}").status())
                .isEqualTo(400);
        ApiResponse unknown = api.get("/admin/v1/rebuilds/no-such-rebuild");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:rebuild-not-found");
        assertThat(api.get("/admin/v1/snapshots/no-such-snapshot").status()).isEqualTo(404);

        JsonNode admin = api.get("/v3/api-docs/admin").json().get("paths");
        assertThat(admin.propertyNames()).contains("/admin/v1/snapshots", "/admin/v1/recovery",
                "/admin/v1/rebuilds", "/admin/v1/rebuilds/{id}", "/admin/v1/checksum")
                .noneMatch(path -> path.startsWith("/api/"));
        JsonNode query = api.get("/v3/api-docs/query").json().get("paths");
        assertThat(query.propertyNames()).contains("/api/v1/clusters").noneMatch(path -> path.startsWith("/admin/"));
    }

    @Test
    @Order(100)
    void theTopicKeepsEveryEventAndOnceItsBeginningIsGoneTheEventStoreIsTheReplaySource() throws Exception {
        try (Admin admin = Admin.create(LedgerInfrastructure.get().kafkaProperties())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, LedgerTopics.EVENTS);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");

            String clusterId = Histories.uniqueClusterId("gone");
            List<EventEnvelope> history = Histories.rollingUpgrade(clusterId, 2);
            publish(history.subList(0, 4));
            awaitCaughtUp();
            ApiResponse snapshot = adminPost("/admin/v1/snapshots", "");
            assertThat(snapshot.status()).isEqualTo(201);
            int partition = kafka.send(LedgerTopics.EVENTS, clusterId, codec.encode(history.get(4))).get()
                    .getRecordMetadata().partition();
            publish(history.subList(5, history.size()));
            awaitCaughtUp();
            String clusterBefore = api.get("/api/v1/clusters/" + clusterId).json().toString();
            TopicPartition truncated = new TopicPartition(LedgerTopics.EVENTS, partition);
            long end = admin.listOffsets(Map.of(truncated, OffsetSpec.latest())).all().get().get(truncated).offset();
            admin.deleteRecords(Map.of(truncated, RecordsToDelete.beforeOffset(end))).all().get();

            ApiResponse full = adminPost("/admin/v1/rebuilds", "{\"mode\":\"FULL\"}");
            assertThat(full.status()).isEqualTo(409);
            assertThat(full.json().get("type").asString())
                    .isEqualTo("urn:upgrade-ledger:problem:replay-source-incomplete");
            assertThat(full.json().get("detail").asString()).contains("/api/v1/admin/publisher/replay");
            ApiResponse recovery = adminPost("/admin/v1/recovery?snapshotId=" + snapshot.json().get("id").asString(),
                    "");
            assertThat(recovery.status()).as("the snapshot is older than what is left of partition %s", partition)
                    .isEqualTo(409);
            assertThat(recovery.json().get("type").asString())
                    .isEqualTo("urn:upgrade-ledger:problem:replay-source-incomplete");
            assertThat(api.get("/api/v1/clusters/" + clusterId).json().toString()).isEqualTo(clusterBefore);

            ApiResponse kept = adminPost("/admin/v1/snapshots", "");
            assertThat(kept.status()).isEqualTo(201);
            String checksumBefore = awaitCaughtUp().get("checksum").asString();

            ApiResponse fromEventStore = adminPost("/admin/v1/rebuilds",
                    "{\"mode\":\"FULL\",\"source\":\"EVENT_STORE\"}");
            assertThat(fromEventStore.status()).isEqualTo(202);
            await().atMost(CATCH_UP).until(() -> "COMPLETED".equals(
                    api.get(fromEventStore.header("Location")).json().get("state").asString()));
            assertThat(api.get("/api/v1/clusters/" + clusterId).status()).isEqualTo(404);
            publish(history);
            publish(history.subList(0, 3));
            await().atMost(CATCH_UP).until(() ->
                    api.get("/api/v1/clusters/" + clusterId).json().toString().equals(clusterBefore));

            ApiResponse restored = adminPost("/admin/v1/recovery?snapshotId=" + kept.json().get("id").asString(), "");
            assertThat(restored.status()).as("what is left of the topic follows this snapshot").isEqualTo(200);
            assertThat(awaitCaughtUp().get("checksum").asString())
                    .as("the other classes' clusters are back, the republished events were duplicates")
                    .isEqualTo(checksumBefore);
        }
    }

    /**
     * An admin request, sent again while it is refused because another operation runs: automatic snapshots (every 40
     * events here, paced, so possibly a while after the events that called for them) may be running at any time.
     */
    private ApiResponse adminPost(String path, String body) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (true) {
            ApiResponse response = api.post(path, body);
            if (response.status() != 409 || System.nanoTime() > deadline
                    || !OPERATION_IN_PROGRESS.equals(response.json().get("type").asString())) {
                return response;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private JsonNode awaitCaughtUp() {
        await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200)).until(() -> {
            ApiResponse checksum = api.get("/admin/v1/checksum");
            return checksum.status() == 200 && checksum.json().get("caughtUp").asBoolean();
        });
        return api.get("/admin/v1/checksum").json();
    }

    private String newestAutomaticSnapshot() {
        for (JsonNode snapshot : api.get("/admin/v1/snapshots").json()) {
            if ("automatic".equals(snapshot.get("trigger").asString())) {
                return snapshot.get("id").asString();
            }
        }
        return null;
    }

    private double counted(String outcome) {
        return meters.find("ledger.projection.events").tag("outcome", outcome).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    private void publish(List<EventEnvelope> events) {
        events.forEach(envelope -> kafka.send(LedgerTopics.EVENTS, envelope.clusterId().value(),
                codec.encode(envelope)).join());
    }
}
