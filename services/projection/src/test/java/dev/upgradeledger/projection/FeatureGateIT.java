package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The feature gate (Camunda: "during the whole process of the rolling upgrade it is not permitted to use new
 * features"): closed from the request until the upgrade is finalized, why and since when; its change on the live
 * stream; a duplicate of the deciding event changes nothing.
 */
@LedgerIntegrationTest
class FeatureGateIT extends ProjectionIntegrationTest {

    @Test
    void theGateIsClosedUntilTheUpgradeIsFinalizedAndItsChangeComesOnTheStream() throws Exception {
        History history = History.registered(uniqueClusterId("gate"), "camunda", "1.0.8", "engine-1", "engine-2");
        String cluster = history.clusterId().value();
        publishAndAwait(history.all());
        JsonNode open = api.get("/api/v1/clusters/" + cluster + "/feature-gate").json();
        assertThat(open.get("newFeaturesAllowed").asBoolean()).isTrue();
        assertThat(open.get("sinceSequence").asLong()).as("since the registration").isZero();

        UpgradeRun run = UpgradeRun.rolling(history, "u-gate", "1.0.8", "1.1.0", FailurePolicy.PAUSE, "engine-1",
                "engine-2");
        long requested = history.all().size() - 2;
        for (int stage = 0; stage < run.plan.stages().size(); stage++) {
            run.runStage(stage);
        }
        history.add(new UpgradeCompleted(history.clusterId(), run.upgradeId, Version.of("1.1.0"), Version.of("2"),
                false));
        publishAndAwait(history.all());

        JsonNode closed = api.get("/api/v1/clusters/" + cluster + "/feature-gate").json();
        assertThat(closed.get("newFeaturesAllowed").asBoolean()).isFalse();
        assertThat(closed.get("rule").asString()).isEqualTo("finalize-before-next-upgrade");
        assertThat(closed.get("upgradeId").asString()).isEqualTo("u-gate");
        assertThat(closed.get("why").asString()).contains("completed but is not finalized");
        assertThat(closed.get("sinceSequence").asLong()).as("since the request").isEqualTo(requested);

        try (SseClient stream = SseClient.open("http://127.0.0.1:" + port + "/api/v1/clusters/" + cluster
                + "/stream", null)) {
            EventEnvelope finalized = history.add(new UpgradeFinalized(history.clusterId(), run.upgradeId,
                    Version.of("1.1.0")));
            publish(finalized);
            redeliver(finalized);
            List<SseClient.Event> events = stream.take(2, Duration.ofSeconds(30));
            assertThat(events).extracting(SseClient.Event::name).containsExactly("UpgradeFinalized", "feature-gate");
            JsonNode gate = ApiClient.json(events.get(1).data());
            assertThat(gate.get("newFeaturesAllowed").asBoolean()).isTrue();
            assertThat(gate.get("sinceSequence").asLong()).isEqualTo(finalized.sequence());
            assertThat(events.get(1).id()).as("the gate is no recorded event: no stream id").isNull();
        }
        JsonNode reopened = awaitJson("/api/v1/clusters/" + cluster + "/feature-gate",
                json -> json.get("newFeaturesAllowed").asBoolean());
        assertThat(reopened.get("rule").isNull()).isTrue();
        assertThat(reopened.get("why").asString()).contains("every node runs 1.1.0");
        assertThat(api.get("/api/v1/clusters/" + cluster + "/history?type=UpgradeFinalized").json().get("events"))
                .as("the duplicate was applied once").hasSize(1);
        ApiClient.ApiResponse unknown = api.get("/api/v1/clusters/no-such-cluster/feature-gate");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }
}
