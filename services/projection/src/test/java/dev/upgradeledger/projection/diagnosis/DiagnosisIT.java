package dev.upgradeledger.projection.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.projection.HistoryFixture;
import dev.upgradeledger.projection.RecordedUpgrades;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.projection.ProjectionIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@LedgerIntegrationTest
class DiagnosisIT extends ProjectionIntegrationTest {



    @Test
    void aFailedUpgradeIsDiagnosedFromItsRecordedHistoryAndRedeliveriesChangeNothing() {
        List<EventEnvelope> history = RecordedUpgrades.verificationFailure(HistoryFixture.uniqueClusterId("dg"),
                Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS), true).events();
        String clusterId = history.get(0).clusterId().value();
        String upgradeId = "u-" + clusterId;
        history.subList(0, (int) RecordedUpgrades.PAUSED + 1).forEach(this::publish);
        publish(history.get(15));
        awaitLiveAt(clusterId, RecordedUpgrades.PAUSED);

        JsonNode diagnosis = diagnosis(upgradeId);

        assertThat(diagnosis.get("clusterId").asString()).isEqualTo(clusterId);
        assertThat(diagnosis.get("failed").asBoolean()).isTrue();
        assertThat(diagnosis.get("status").asString()).isEqualTo("PAUSED");
        assertThat(diagnosis.at("/failure/nodeId").asString()).isEqualTo("engine-2");
        assertThat(diagnosis.at("/failure/stepId").asString()).isEqualTo("s6.0");
        assertThat(diagnosis.at("/failure/action").asString()).isEqualTo("VERIFY_NODE");
        assertThat(diagnosis.at("/failure/attempt").asInt()).isEqualTo(1);
        assertThat(diagnosis.at("/failure/code").asString()).isEqualTo("verify-failed");
        assertThat(diagnosis.at("/failure/consequence").asString()).isEqualTo("PAUSED");
        assertThat(diagnosis.get("failedAttempts")).hasSize(2);
        assertThat(diagnosis.at("/causalChain/0/eventType").asString()).isEqualTo("UpgradeRequested");
        assertThat(diagnosis.at("/causalChain/0/actor").asString()).isEqualTo("sre-alice");
        assertThat(diagnosis.get("causalChain").findValuesAsString("correlationId")).containsOnly("req-" + upgradeId);
        assertThat(diagnosis.get("causalChain").get(diagnosis.get("causalChain").size() - 1).get("sequence").asLong())
                .isEqualTo(RecordedUpgrades.ENGINE_2_VERIFY_FAILED);
        assertThat(diagnosis.get("steps")).hasSize(7);
        assertThat(diagnosis.get("causalChainLength").asInt()).isEqualTo(17);
        JsonNode shortChain = api.get("/api/v1/upgrades/" + upgradeId + "/diagnosis?chainLimit=3").json();
        assertThat(shortChain.get("causalChainLength").asInt()).isEqualTo(17);
        assertThat(shortChain.get("causalChain").findValuesAsString("eventType"))
                .containsExactly("UpgradeRequested", "StepStarted", "StepFailed");
        assertProblem(api.get("/api/v1/upgrades/" + upgradeId + "/diagnosis?chainLimit=0"), 400, "invalid-request");

        JsonNode before = diagnosis.get("stateBeforeFailure");
        assertThat(before.get("sequence").asLong()).isEqualTo(RecordedUpgrades.ENGINE_2_VERIFY_STARTED);
        assertThat(before.get("state")).isEqualTo(api.get("/api/v1/clusters/" + clusterId + "/state?sequence="
                + RecordedUpgrades.ENGINE_2_VERIFY_STARTED).json().get("state"));
        assertThat(before.at("/state/upgrade/status").asString()).isEqualTo("RUNNING");
        assertThat(before.at("/state/nodes/1/state").asString()).isEqualTo("ISOLATED");
        assertThat(before.at("/state/nodes/1/version").asString()).isEqualTo("7.6");
        JsonNode lastGood = diagnosis.get("lastGoodState");
        assertThat(lastGood.get("sequence").asLong()).isEqualTo(RecordedUpgrades.ENGINE_2_UPGRADED);
        assertThat(lastGood.get("eventType").asString()).isEqualTo("NodeUpgraded");
        assertThat(lastGood.get("definition").asString()).startsWith("right after the last step that succeeded");

        history.subList((int) RecordedUpgrades.PAUSED + 1, history.size()).forEach(this::publish);
        publish(history.get(3));
        publish(history.get(19));
        awaitLiveAt(clusterId, history.size() - 1);
        JsonNode afterwards = diagnosis(upgradeId);
        assertThat(afterwards.get("status").asString()).isEqualTo("FINALIZED");
        assertThat(afterwards.get("failure")).isEqualTo(diagnosis.get("failure"));
        assertThat(afterwards.get("causalChain")).isEqualTo(diagnosis.get("causalChain"));
        assertThat(afterwards.get("stateBeforeFailure")).isEqualTo(before);
        assertThat(afterwards.at("/ending/eventType").asString()).isEqualTo("UpgradeFinalized");
        assertThat(afterwards.get("failedStepAttempts").findValuesAsString("outcome"))
                .containsExactly("FAILED", "SUCCEEDED");
    }

    @Test
    void eachHistoryEntryAndTheDiagnosisShowTheTraceTheEventWasStoredIn() {
        List<EventEnvelope> recorded = RecordedUpgrades.verificationFailure(HistoryFixture.uniqueClusterId("dt"),
                Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS), false).events();
        // every event in a trace of its own but the claim of management, stored before traces were kept
        List<EventEnvelope> history = recorded.subList(0, (int) RecordedUpgrades.PAUSED + 1).stream()
                .map(e -> e.sequence() == 1 ? e : new EventEnvelope(e.eventId(), e.eventType(), e.eventRevision(),
                        e.clusterId(), e.sequence(), e.position(), e.timestamp(), e.correlationId(), e.causationId(),
                        e.actor(), e.payload(), e.actorName(), e.onBehalfOf(), trace(e.sequence())))
                .toList();
        String clusterId = history.get(0).clusterId().value();
        history.forEach(this::publish);
        publish(history.get((int) RecordedUpgrades.REQUESTED));
        awaitLiveAt(clusterId, RecordedUpgrades.PAUSED);

        JsonNode events = api.get("/api/v1/clusters/" + clusterId + "/history?limit=100").json().get("events");
        assertThat(events).hasSize(history.size());
        events.forEach(entry -> {
            long sequence = entry.get("sequence").asLong();
            if (sequence == 1) {
                assertThat(entry.get("traceId").isNull()).as("an event stored without a trace").isTrue();
            } else {
                assertThat(entry.get("traceId").asString()).as("event " + sequence).isEqualTo(trace(sequence));
            }
        });

        JsonNode diagnosis = diagnosis("u-" + clusterId);
        assertThat(diagnosis.at("/request/traceId").asString()).isEqualTo(trace(RecordedUpgrades.REQUESTED));
        assertThat(diagnosis.at("/failure/traceId").asString())
                .isEqualTo(trace(RecordedUpgrades.ENGINE_2_VERIFY_FAILED));
        diagnosis.get("causalChain").forEach(link -> assertThat(link.get("traceId").asString())
                .isEqualTo(trace(link.get("sequence").asLong())));
    }

    private static String trace(long sequence) {
        return "%032x".formatted(0x7ace0000L + sequence);
    }

    @Test
    void anUpgradeThatDidNotFailIsAnsweredAndSaysSo() {
        HistoryFixture h = HistoryFixture.of(HistoryFixture.uniqueClusterId("dg"),
                Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MICROS)).registered("camunda", "7.5", "engine-1");
        h.requested("u-ok-" + UUID.randomUUID().toString().substring(0, 8), "7.6", 3,
                List.of(h.step("s0.0", StepAction.ISOLATE_NODE, "engine-1", "7.6")));
        h.started("s0.0", StepAction.ISOLATE_NODE, "engine-1", 1);
        h.report().add(new NodeIsolated(h.clusterId(), h.upgradeId(), "s0.0", NodeId.of("engine-1")));
        h.events().forEach(this::publish);
        awaitLiveAt(h.clusterId().value(), h.events().size() - 1);

        JsonNode diagnosis = diagnosis(h.upgradeId().value());

        assertThat(diagnosis.get("failed").asBoolean()).isFalse();
        assertThat(diagnosis.get("summary").asString()).startsWith("Upgrade " + h.upgradeId() + " did not fail");
        assertThat(diagnosis.get("failure").isNull()).isTrue();
        assertThat(diagnosis.get("stateBeforeFailure").isNull()).isTrue();
        assertThat(diagnosis.at("/steps/0/outcome").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void anUnknownAmbiguousOrMalformedUpgradeIsAProblem() {
        String shared = "u-shared-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> clusters = List.of(HistoryFixture.uniqueClusterId("dg"), HistoryFixture.uniqueClusterId("dg"));
        for (String clusterId : clusters) {
            HistoryFixture h = HistoryFixture.of(clusterId, Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS))
                    .registered("camunda", "7.5", "engine-1");
            h.requested(shared, "7.6", 3, List.of(h.step("s0.0", StepAction.ISOLATE_NODE, "engine-1", "7.6")));
            h.events().forEach(this::publish);
            awaitLiveAt(clusterId, h.events().size() - 1);
        }

        assertProblem(api.get("/api/v1/upgrades/" + shared + "/diagnosis"), 409, "upgrade-ambiguous");
        assertThat(api.get("/api/v1/upgrades/" + shared + "/diagnosis?clusterId=" + clusters.get(1)).json()
                .get("clusterId").asString()).isEqualTo(clusters.get(1));
        assertProblem(api.get("/api/v1/upgrades/u-never-requested/diagnosis"), 404, "upgrade-not-found");
        assertProblem(api.get("/api/v1/upgrades/" + shared + "/diagnosis?clusterId=never-seen"), 404,
                "upgrade-not-found");
        assertProblem(api.get("/api/v1/upgrades/-bad-/diagnosis"), 400, "invalid-request");
    }

    @Test
    void theOpenApiDocumentDescribesTimeTravelAndDiagnosis() {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");

        assertThat(paths.has("/api/v1/clusters/{clusterId}/state")).isTrue();
        assertThat(paths.at("/~1api~1v1~1upgrades~1{upgradeId}~1diagnosis/get/responses").has("404")).isTrue();
        assertThat(paths.at("/~1api~1v1~1clusters~1{clusterId}~1state/get/parameters").findValuesAsString("name"))
                .contains("at", "sequence");
    }

    private JsonNode diagnosis(String upgradeId) {
        ApiResponse response = api.get("/api/v1/upgrades/" + upgradeId + "/diagnosis");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void assertProblem(ApiResponse response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:" + type);
    }

    private void awaitLiveAt(String clusterId, long sequence) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            ApiResponse response = api.get("/api/v1/clusters/" + clusterId);
            return response.status() == 200 && response.json().at("/cluster/lastSequence").asLong() == sequence;
        });
    }

}
