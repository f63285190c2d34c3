package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every read model (cluster status, nodes, history, upgrade progress) fed a duplicate and events older than the last
 * one applied (an out-of-order redelivery, as after a consumer rebalance or a republished history) stays as it was,
 * and goes on with the next new event.
 */
@LedgerIntegrationTest
class RedeliveryIT extends ProjectionIntegrationTest {

    @Test
    void duplicatesAndOlderEventsChangeNoReadModel() {
        History history = History.registered(uniqueClusterId("rd"), "ipfs-cluster", "1.0.8", "peer-1", "peer-2");
        String upgradeId = "u-" + UUID.randomUUID().toString().substring(0, 8);
        UpgradeRun run = UpgradeRun.rolling(history, upgradeId, "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1",
                "peer-2");
        run.runStage(0);
        run.runStage(1);
        PlannedStep upgrade = run.step(2, 0);
        EventEnvelope started = run.start(upgrade, 1);
        EventEnvelope failed = run.fail(upgrade, 1, "timeout-ish", true);
        run.start(upgrade, 2);
        publishAndAwait(history.all());
        Map<String, String> before = readModels(history, upgradeId);
        assertThat(before.get("upgrade")).contains("\"attempts\":2");

        EventEnvelope last = history.last();
        redeliver(last, failed, started, history.get(0));

        assertThat(readModels(history, upgradeId)).isEqualTo(before);
        assertThat(api.get("/api/v1/clusters/" + history.clusterId() + "/history").json().get("events"))
                .hasSize(history.all().size());

        EventEnvelope upgraded = run.succeed(upgrade);
        publishAndAwait(List.of(upgraded));
        assertThat(awaitJson("/api/v1/upgrades/" + upgradeId, body -> true).at("/upgrade/lastSequence").asLong())
                .isEqualTo(upgraded.sequence());
        assertThat(api.get("/api/v1/clusters/" + history.clusterId() + "/nodes").json().at("/nodes/0/version")
                .asString()).isEqualTo("1.1.0");
    }

    /** What every read model shows of the cluster. */
    private Map<String, String> readModels(History history, String upgradeId) {
        String cluster = "/api/v1/clusters/" + history.clusterId();
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("cluster", api.get(cluster).body());
        shown.put("nodes", api.get(cluster + "/nodes").body());
        shown.put("history", api.get(cluster + "/history").body());
        shown.put("upgrade", api.get("/api/v1/upgrades/" + upgradeId).body());
        shown.put("upgrades", api.get(cluster + "/upgrades").body());
        shown.put("list", api.get("/api/v1/clusters?product=ipfs-cluster&version=1.0.8").body().contains(
                "\"clusterId\":\"" + history.clusterId() + "\"") ? "listed" : "missing");
        return shown;
    }
}
