package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gates and the rollback in the fleet read model: a fleet whose canary settled waits for the approval of wave 1
 * ({@code waitingFor} {@code APPROVAL}, the wave's approval asked), then shows who approved it and why; a check's
 * result and a halt; a rollback with each cluster's answer. Events fed twice change nothing.
 */
@LedgerIntegrationTest
class FleetGatesProjectionIT extends ProjectionIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> events = new ArrayList<>();
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String fleetId = "fleet-ap-" + suffix;

    @Test
    void aFleetWaitingForApprovalShowsItThenWhoApprovedTheWaveOnceWhenFedTwice() {
        String a = "apa-" + suffix;
        String b = "apb-" + suffix;
        fleetEvent("FleetUpgradeStarted", Map.of("fleetId", fleetId, "product", "approvals-" + suffix,
                "targetVersion", "1.1.0", "waves", List.of(wave(0, true, a), wave(1, false, b)),
                "failureBudget", "0", "allowedFailures", 0, "maxConcurrent", 1, "gates", Map.of("approval", true),
                "skipped", List.of()));
        fleetEvent("FleetWaveStarted", Map.of("fleetId", fleetId, "wave", 0));
        fleetEvent("FleetClusterStarted", Map.of("fleetId", fleetId, "wave", 0, "clusterId", a));
        fleetEvent("FleetClusterSettled", Map.of("fleetId", fleetId, "clusterId", a, "outcome", "SUCCEEDED"));
        fleetEvent("FleetWaveAwaitingApproval", Map.of("fleetId", fleetId, "wave", 1));
        fleetEvent("FleetWaveApproved", Map.of("fleetId", fleetId, "wave", 1, "approvedBy", "alice",
                "reason", "canary healthy"));
        fleetEvent("FleetWaveStarted", Map.of("fleetId", fleetId, "wave", 1));
        fleetEvent("FleetClusterStarted", Map.of("fleetId", fleetId, "wave", 1, "clusterId", b));

        // when the fleet waits for the approval of wave 1
        publish(0, 1, 2, 3, 4);
        // (the first requests of a class wait for the service to warm up: more than 20 s on a busy machine)
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var fleet = api.get("/api/v1/fleet-upgrades/" + fleetId);
            return fleet.status() == 200 && fleet.json().get("lastSequence").asLong() == 4;
        });
        JsonNode waiting = api.get("/api/v1/fleet-upgrades/" + fleetId).json();
        // then it says so, and since when
        assertThat(waiting.get("status").asString()).isEqualTo("RUNNING");
        assertThat(waiting.get("waitingFor").asString()).isEqualTo("APPROVAL");
        assertThat(waiting.at("/waves/1/approval/requestedAt").asString())
                .isEqualTo(start.plusSeconds(4).toString());
        assertThat(waiting.at("/waves/1/approval/approvedBy").isNull()).isTrue();
        assertThat(waiting.at("/waves/0/approval").isNull()).as("the canary needs no approval").isTrue();

        // when it is approved and wave 1 starts, the approval fed twice
        double duplicates = counted("duplicate");
        publish(5, 5, 6, 7);
        JsonNode approved = awaitFleet(json -> json.get("lastSequence").asLong() == 7);
        await().atMost(Duration.ofSeconds(20)).until(() -> counted("duplicate") >= duplicates + 1);
        // then it shows who approved and why, once, and waits for its clusters
        assertThat(approved.get("waitingFor").asString()).isEqualTo("CLUSTERS");
        assertThat(approved.at("/waves/1/approval/approvedBy").asString()).isEqualTo("alice");
        assertThat(approved.at("/waves/1/approval/reason").asString()).isEqualTo("canary healthy");
        assertThat(approved.at("/waves/1/approval/approvedAt").asString()).isEqualTo(start.plusSeconds(5).toString());
        assertThat(approved.at("/waves/1/status").asString()).isEqualTo("RUNNING");
        publish(5);
        await().atMost(Duration.ofSeconds(20)).until(() -> counted("duplicate") >= duplicates + 2);
        assertThat(recorded(api.get("/api/v1/fleet-upgrades/" + fleetId).json())).isEqualTo(recorded(approved));
    }

    @Test
    void aCheckAndARollbackShowWithEachClustersAnswerOnceWhenFedTwice() {
        String a = "rca-" + suffix;
        String b = "rcb-" + suffix;
        String query = "sum(rate(errors[5m])) < 1";
        fleetEvent("FleetUpgradeStarted", Map.of("fleetId", fleetId, "product", "approvals-" + suffix,
                "targetVersion", "1.1.0", "waves", List.of(wave(0, true, a), wave(1, false, b)),
                "failureBudget", "0", "allowedFailures", 0, "maxConcurrent", 1, "gates", Map.of("check", query),
                "skipped", List.of()));
        fleetEvent("FleetWaveStarted", Map.of("fleetId", fleetId, "wave", 0));
        fleetEvent("FleetClusterStarted", Map.of("fleetId", fleetId, "wave", 0, "clusterId", a));
        fleetEvent("FleetClusterSettled", Map.of("fleetId", fleetId, "clusterId", a, "outcome", "SUCCEEDED"));
        fleetEvent("FleetWaveCheckRequested", Map.of("fleetId", fleetId, "wave", 0, "query", query));
        fleetEvent("FleetWaveChecked", Map.of("fleetId", fleetId, "wave", 0, "query", query, "verdict", "FAILED",
                "detail", "the query answered no sample", "checkedAt", start.plusSeconds(5).toString()));
        fleetEvent("FleetUpgradeHalted", Map.of("fleetId", fleetId, "wave", 0, "cause", "check-failed",
                "failed", List.of(), "allowedFailures", 0, "detail", "the check after wave 0 did not hold"));
        fleetEvent("FleetRollbackStarted", Map.of("fleetId", fleetId, "reason", "bad build", "clusters", List.of(a)));
        fleetEvent("FleetClusterRollback", Map.of("fleetId", fleetId, "clusterId", a, "outcome", "REFUSED",
                "rule", "upgrade-not-active", "detail", "upgrade is not active"));
        fleetEvent("FleetUpgradeRolledBack", Map.of("fleetId", fleetId, "requested", List.of(), "refused", List.of(a)));

        // when the check is asked: the fleet waits for it
        publish(0, 1, 2, 3, 4);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var fleet = api.get("/api/v1/fleet-upgrades/" + fleetId);
            return fleet.status() == 200 && fleet.json().get("lastSequence").asLong() == 4;
        });
        JsonNode checking = api.get("/api/v1/fleet-upgrades/" + fleetId).json();
        assertThat(checking.get("waitingFor").asString()).isEqualTo("CHECK");
        assertThat(checking.at("/waves/0/check/requestedAt").asString()).isEqualTo(start.plusSeconds(4).toString());

        // when it failed and halted the fleet: the result shows on the wave (the result fed twice)
        publish(5, 5, 6);
        JsonNode halted = awaitFleet(json -> json.get("lastSequence").asLong() == 6);
        assertThat(halted.get("status").asString()).isEqualTo("HALTED");
        assertThat(halted.at("/waves/0/check/verdict").asString()).isEqualTo("FAILED");
        assertThat(halted.at("/waves/0/check/detail").asString()).contains("no sample");
        assertThat(halted.at("/halt/cause").asString()).isEqualTo("check-failed");

        // when it is rolled back: rolling back with the cluster asked, then rolled back with its answer
        publish(7);
        JsonNode rollingBack = awaitFleet(json -> json.get("lastSequence").asLong() == 7);
        assertThat(rollingBack.get("status").asString()).isEqualTo("ROLLING_BACK");
        assertThat(rollingBack.get("waitingFor").asString()).isEqualTo("ROLLBACK");
        assertThat(rollingBack.at("/waves/0/clusters/0/rollback/outcome").asString()).isEqualTo("ASKED");
        assertThat(rollingBack.at("/waves/1/clusters/0/rollback").isNull()).as("b was never started").isTrue();
        double duplicates = counted("duplicate");
        publish(8, 9, 8, 7);
        JsonNode rolledBack = awaitFleet(json -> json.get("lastSequence").asLong() == 9);
        await().atMost(Duration.ofSeconds(20)).until(() -> counted("duplicate") >= duplicates + 2);
        assertThat(rolledBack.get("status").asString()).isEqualTo("ROLLED_BACK");
        assertThat(rolledBack.get("endedAt").asString()).isEqualTo(start.plusSeconds(9).toString());
        assertThat(rolledBack.at("/waves/0/clusters/0/rollback/outcome").asString()).isEqualTo("REFUSED");
        assertThat(rolledBack.at("/waves/0/clusters/0/rollback/rule").asString()).isEqualTo("upgrade-not-active");
        assertThat(recorded(api.get("/api/v1/fleet-upgrades/" + fleetId).json())).isEqualTo(recorded(rolledBack));
        assertThat(api.get("/api/v1/fleet-upgrades?status=ROLLED_BACK&product=approvals-" + suffix).json()
                .at("/fleets/0/fleetId").asString()).isEqualTo(fleetId);
    }

    private Map<String, Object> wave(int index, boolean canary, String cluster) {
        return Map.of("index", index, "canary", canary, "clusters", List.of(Map.of("clusterId", cluster,
                "product", "approvals-" + suffix, "currentVersion", "1.0.8", "path", List.of("1.0.8", "1.1.0"))));
    }

    private void fleetEvent(String type, Map<String, Object> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("eventType", type);
        envelope.put("eventRevision", "1");
        envelope.put("fleetId", fleetId);
        envelope.put("sequence", events.size());
        envelope.put("timestamp", start.plusSeconds(events.size()).toString());
        envelope.put("correlationId", "req-approvals");
        envelope.put("actor", "alice");
        envelope.put("payload", payload);
        events.add(JSON.writeValueAsString(envelope));
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

    /** The fleet as recorded: without the forecast, which is computed anew for each answer (its "now" moves). */
    static JsonNode recorded(JsonNode fleet) {
        ObjectNode copy = (ObjectNode) fleet.deepCopy();
        copy.remove("eta");
        for (JsonNode wave : copy.path("waves")) {
            for (JsonNode cluster : wave.path("clusters")) {
                ((ObjectNode) cluster).remove("expectedStart");
                ((ObjectNode) cluster).remove("expectedEnd");
            }
        }
        return copy;
    }

    private JsonNode awaitFleet(java.util.function.Predicate<JsonNode> condition) {
        return awaitJson("/api/v1/fleet-upgrades/" + fleetId, condition);
    }
}
