package dev.upgradeledger.projection.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.projection.HistoryFixture;
import dev.upgradeledger.projection.RecordedUpgrades;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.projection.ProjectionIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import dev.upgradeledger.events.ClusterId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@LedgerIntegrationTest
class TimeTravelIT extends ProjectionIntegrationTest {

    /** {@code ledger.projection.fold-snapshots.every} in the tests' configuration. */
    private static final int EVERY = 10;

    @Autowired
    private TimeTravel timeTravel;
    @Autowired
    private JdbcClient jdbc;



    @Test
    void theStateAtEverySequenceAndInstantOfARecordedUpgradeIsWhatTheLiveReadModelShowedThen() {
        List<EventEnvelope> history = RecordedUpgrades.verificationFailure(HistoryFixture.uniqueClusterId("tt"),
                Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS), true).events();
        String clusterId = history.get(0).clusterId().value();
        Map<Long, JsonNode> live = new LinkedHashMap<>();

        for (EventEnvelope event : history) {
            publish(event);
            live.put(event.sequence(), awaitLiveAt(clusterId, event.sequence()));
        }

        for (Map.Entry<Long, JsonNode> seen : live.entrySet()) {
            JsonNode bySequence = state(clusterId, "sequence=" + seen.getKey());
            assertSameCluster(bySequence, seen.getValue());
            String updatedAt = seen.getValue().at("/cluster/updatedAt").asString();
            assertSameCluster(state(clusterId, "at=" + updatedAt), seen.getValue());
            String justBeforeTheNext = Instant.parse(updatedAt).plusMillis(249).toString();
            assertThat(state(clusterId, "at=" + justBeforeTheNext).get("state"))
                    .as("between two events, the state after the earlier").isEqualTo(bySequence.get("state"));
        }
        JsonNode paused = state(clusterId, "sequence=" + RecordedUpgrades.PAUSED).get("state");
        assertThat(paused.at("/upgrade/status").asString()).isEqualTo("PAUSED");
        assertThat(paused.at("/manager/managerId").asString()).isEqualTo("ledger-eu");
        assertThat(paused.get("versions").toString()).isEqualTo("[\"7.5\",\"7.6\"]");
        assertThat(state(clusterId, "sequence=" + RecordedUpgrades.ENGINE_2_VERIFY_STARTED)
                .at("/state/upgrade/runningSteps/0/nodeId").asString()).isEqualTo("engine-2");
    }

    @Test
    void duplicateAndOutOfOrderRedeliveriesChangeNoAnswer() {
        List<EventEnvelope> history = RecordedUpgrades.verificationFailure(HistoryFixture.uniqueClusterId("tt"),
                Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS), true).events();
        String clusterId = history.get(0).clusterId().value();
        history.forEach(this::publish);
        awaitLiveAt(clusterId, history.size() - 1);
        Map<Long, String> before = new TreeMap<>();
        for (long sequence = 0; sequence < history.size(); sequence++) {
            before.put(sequence, state(clusterId, "sequence=" + sequence).toString());
        }
        double duplicatesBefore = duplicates();

        List.of(history.get(17), history.get(3), history.get(35), history.get(0), history.get(17))
                .forEach(this::publish);

        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 5);
        for (long sequence = 0; sequence < history.size(); sequence++) {
            assertThat(state(clusterId, "sequence=" + sequence).toString()).isEqualTo(before.get(sequence));
        }
        assertThat(api.get("/api/v1/clusters/" + clusterId + "/history?limit=500").json().get("events"))
                .hasSize(history.size());
    }

    @Test
    void questionsOutsideTheHistoryAreProblems() {
        List<EventEnvelope> history = RecordedUpgrades.verificationFailure(HistoryFixture.uniqueClusterId("tt"),
                Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS), false).events();
        String clusterId = history.get(0).clusterId().value();
        history.subList(0, 3).forEach(this::publish);
        awaitLiveAt(clusterId, 2);
        String base = "/api/v1/clusters/" + clusterId + "/state";

        assertProblem(api.get(base), 400, "invalid-request");
        assertProblem(api.get(base + "?sequence=1&at=2026-11-21T10:42:00Z"), 400, "invalid-request");
        assertProblem(api.get(base + "?at=10:42"), 400, "invalid-request");
        assertProblem(api.get(base + "?sequence=-1"), 400, "invalid-request");
        assertProblem(api.get(base + "?sequence=one"), 400, "invalid-request");
        assertProblem(api.get(base + "?sequence=3"), 404, "not-in-history");
        assertProblem(api.get(base + "?at=" + history.get(0).timestamp().minusMillis(1)), 404, "not-in-history");
        assertProblem(api.get("/api/v1/clusters/never-registered/state?sequence=0"), 404, "cluster-not-found");
        assertProblem(api.get("/api/v1/clusters/Not_A_Label/state?sequence=0"), 400, "invalid-request");
        assertThat(state(clusterId, "at=" + Instant.now().plusSeconds(3600)).at("/state/lastSequence").asLong())
                .as("the future is the latest state known").isEqualTo(2);
    }

    @Test
    void timeTravelFromAFoldSnapshotAnswersWhatTheFoldFromTheRegistrationDoes() {
        List<EventEnvelope> history = RecordedUpgrades.verificationFailure(HistoryFixture.uniqueClusterId("tt"),
                Instant.now().minus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS), true).events();
        ClusterId clusterId = history.get(0).clusterId();
        history.forEach(this::publish);
        awaitLiveAt(clusterId.value(), history.size() - 1);
        assertThat(history.size()).as("the test's history spans several snapshots").isGreaterThan(3 * EVERY);
        List<Long> snapshotted = jdbc.sql("select sequence from fold_snapshot where cluster_id = ? order by sequence")
                .param(clusterId.value()).query(Long.class).list();
        List<Long> multiples = new ArrayList<>();
        for (long sequence = EVERY; sequence < history.size(); sequence += EVERY) {
            multiples.add(sequence);
        }
        assertThat(snapshotted).isEqualTo(multiples);

        for (long sequence : List.<Long>of(0L, EVERY - 1L, (long) EVERY, EVERY + 1L, 2L * EVERY, 2L * EVERY + 1,
                3L * EVERY - 1, 3L * EVERY, history.size() - 1L)) {
            ClusterStateFold fromRegistration = ClusterStateFold.initial();
            history.subList(0, (int) sequence + 1).forEach(fromRegistration::apply);
            double foldedBefore = foldedEvents();

            ClusterState answered = timeTravel.atSequence(clusterId, sequence);

            assertThat(answered).as("at sequence %s", sequence).isEqualTo(fromRegistration.state());
            assertThat(foldedEvents() - foldedBefore).as("events folded for sequence %s", sequence)
                    .isEqualTo(sequence < EVERY ? sequence + 1 : sequence % EVERY);
        }
        Map<Long, ClusterState> several = timeTravel.statesAt(clusterId, List.of(EVERY + 1L, 3L * EVERY + 2, 1L));
        for (Map.Entry<Long, ClusterState> answer : several.entrySet()) {
            ClusterStateFold fromRegistration = ClusterStateFold.initial();
            history.subList(0, answer.getKey().intValue() + 1).forEach(fromRegistration::apply);
            assertThat(answer.getValue()).isEqualTo(fromRegistration.state());
        }
        assertThat(several).hasSize(3);
    }

    private double foldedEvents() {
        return meters.get("ledger.projection.time-travel.events").summary().totalAmount();
    }

    /** The live read model's fields, one by one, against the time-travel state. */
    private static void assertSameCluster(JsonNode answer, JsonNode live) {
        JsonNode state = answer.get("state");
        JsonNode cluster = live.get("cluster");
        for (String field : List.of("clusterId", "product", "version", "schemaVersion", "nodeCount", "registeredAt",
                "lastSequence", "lastPosition", "retired", "mixedVersionWindow")) {
            assertThat(state.get(field)).as(field + " at sequence " + cluster.get("lastSequence"))
                    .isEqualTo(cluster.get(field));
        }
        assertThat(state.get("lastEventAt")).isEqualTo(cluster.get("updatedAt"));
        if (cluster.at("/upgrade/upgradeId").isNull()) {
            assertThat(state.get("upgrade").isNull()).isTrue();
        } else {
            for (String field : List.of("upgradeId", "status", "targetVersion")) {
                assertThat(state.get("upgrade").get(field)).as("upgrade " + field + " at sequence "
                        + cluster.get("lastSequence")).isEqualTo(cluster.get("upgrade").get(field));
            }
        }
        assertThat(nodes(state.get("nodes"), "nodeId")).isEqualTo(nodes(live.get("nodes"), "nodeId"));
    }

    private static Map<String, String> nodes(JsonNode nodes, String idField) {
        Map<String, String> byId = new TreeMap<>();
        nodes.forEach(node -> byId.put(node.get(idField).asString(), node.get("address").asString() + " "
                + node.get("group").asString() + " " + node.get("version").asString() + " "
                + node.get("state").asString()));
        return byId;
    }

    private static void assertProblem(ApiResponse response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:" + type);
    }

    private JsonNode state(String clusterId, String query) {
        ApiResponse response = api.get("/api/v1/clusters/" + clusterId + "/state?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode awaitLiveAt(String clusterId, long sequence) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            ApiResponse response = api.get("/api/v1/clusters/" + clusterId);
            return response.status() == 200 && response.json().at("/cluster/lastSequence").asLong() == sequence;
        });
        return api.get("/api/v1/clusters/" + clusterId).json();
    }


}
