package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.projection.recovery.LiveListeners;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.TopicReader;
import io.micrometer.core.instrument.DistributionSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Batches of records as one poll delivers them: the listeners are paused while the records are published, so the
 * first poll after they resume takes them together. Whatever a batch holds, each event is applied once, each cluster's
 * in order, and a record that cannot be read is dead-lettered without losing the good records around it.
 */
@LedgerIntegrationTest
class BatchIngestIT extends ProjectionIntegrationTest {

    @Autowired
    private LiveListeners listeners;

    /** Publishes the records while the listeners are paused, then lets them take the lot in one poll. */
    private void publishAsOneBatch(Runnable publishing) {
        listeners.pause();
        try {
            publishing.run();
        } finally {
            listeners.resume();
        }
    }

    private double largestBatch() {
        return meters.find("ledger.projection.batch.size").summaries().stream()
                .mapToDouble(DistributionSummary::max).max().orElse(0);
    }

    @Test
    void aBatchWithDuplicatesOfItsOwnEventsAndAnOlderEventAfterANewerOneAppliesEachOnce() {
        History history = History.registered(uniqueClusterId("bd"), "camunda", "1.0.8", "peer-1", "peer-2");
        String upgradeId = "u-" + UUID.randomUUID().toString().substring(0, 8);
        UpgradeRun run = UpgradeRun.rolling(history, upgradeId, "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1",
                "peer-2");
        run.runStage(0);
        run.runStage(1);
        PlannedStep upgrade = run.step(2, 0);
        EventEnvelope started = run.start(upgrade, 1);
        EventEnvelope failed = run.fail(upgrade, 1, "http-5xx", true);
        run.start(upgrade, 2);
        EventEnvelope upgraded = run.succeed(upgrade);
        List<EventEnvelope> events = history.all();
        List<EventEnvelope> batch = new ArrayList<>(events.subList(0, 5));
        batch.add(events.get(4));                       // a duplicate right after itself
        batch.add(events.get(1));                       // an older event after newer ones
        batch.addAll(events.subList(5, events.size()));
        batch.add(failed);                              // older ones again, after the last
        batch.add(started);
        batch.add(upgraded);                            // the last one twice
        double duplicatesBefore = duplicates();

        publishAsOneBatch(() -> batch.forEach(this::publish));

        JsonNode cluster = awaitJson("/api/v1/clusters/" + history.clusterId(),
                body -> body.at("/cluster/lastSequence").asLong() == upgraded.sequence());
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 5);
        assertThat(duplicates()).isEqualTo(duplicatesBefore + 5);
        assertThat(largestBatch()).as("the records came in one poll").isGreaterThanOrEqualTo(batch.size());
        JsonNode recorded = api.get("/api/v1/clusters/" + history.clusterId() + "/history?limit=500").json();
        assertThat(recorded.get("events").valueStream().map(event -> event.get("sequence").asLong()))
                .as("every event once, in order").containsExactlyElementsOf(
                        events.stream().map(EventEnvelope::sequence).toList());
        JsonNode progress = api.get("/api/v1/upgrades/" + upgradeId).json().get("upgrade");
        assertThat(progress.at("/counts/attempts").asInt()).as("two steps once, the upgrade twice").isEqualTo(
                run.plan.stages().get(0).steps().size() + run.plan.stages().get(1).steps().size() + 2);
        assertThat(progress.at("/counts/failures").asInt()).isEqualTo(1);
        assertThat(progress.at("/counts/steps/retrying").asInt()).isZero();
        assertThat(progress.at("/counts/nodes/upgraded").asInt()).isEqualTo(1);
        assertThat(progress.get("lastSequence").asLong()).isEqualTo(upgraded.sequence());
        assertThat(cluster.get("nodes").valueStream().filter(node -> node.get("nodeId").asString()
                .equals(upgrade.nodeId().value())).findFirst().orElseThrow().get("version").asString())
                .isEqualTo("1.1.0");
    }

    @Test
    void aPoisonRecordInTheMiddleOfABatchIsDeadLetteredAndTheGoodRecordsAroundItAreApplied() {
        History history = History.registered(uniqueClusterId("bp"), "ipfs-cluster", "1.0.8", "peer-1", "peer-2");
        String upgradeId = "u-" + UUID.randomUUID().toString().substring(0, 8);
        UpgradeRun run = UpgradeRun.rolling(history, upgradeId, "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1",
                "peer-2");
        run.runStage(0);
        run.runStage(1);
        List<EventEnvelope> events = history.all();
        String poison = "{ not an envelope of " + history.clusterId() + " " + UUID.randomUUID();
        double duplicatesBefore = duplicates();

        publishAsOneBatch(() -> {
            events.subList(0, 3).forEach(this::publish);
            kafka.send(LedgerTopics.EVENTS, history.clusterId().value(), poison).join();
            events.subList(3, events.size()).forEach(this::publish);
            publish(events.get(2));                     // a duplicate, after the poison
        });

        awaitJson("/api/v1/clusters/" + history.clusterId(),
                body -> body.at("/cluster/lastSequence").asLong() == history.last().sequence());
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 1);
        assertThat(api.get("/api/v1/clusters/" + history.clusterId() + "/history?limit=500").json().get("events"))
                .hasSize(events.size());
        try (TopicReader deadLetters = new TopicReader(LedgerTopics.deadLetter(LedgerTopics.EVENTS, "projection"))) {
            List<ConsumerRecord<String, String>> parked = deadLetters.readUntil(
                    records -> records.stream().anyMatch(r -> poison.equals(r.value())), Duration.ofSeconds(20));
            assertThat(parked).filteredOn(r -> history.clusterId().value().equals(r.key()))
                    .extracting(ConsumerRecord::value).containsExactly(poison);
        }

        EventEnvelope next = run.start(run.step(2, 0), 1);
        publishAndAwait(List.of(next));
        assertThat(api.get("/api/v1/upgrades/" + upgradeId).json().at("/upgrade/counts/steps/running").asInt())
                .as("the partition goes on after the batch").isEqualTo(1);
    }

    @Test
    void aBatchSpanningSeveralClustersAppliesEachClustersEventsInOrder() {
        List<History> histories = new ArrayList<>();
        List<UpgradeRun> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            History history = History.registered(uniqueClusterId("bm"), "replicante", "1.0.8", "peer-1", "peer-2");
            UpgradeRun run = UpgradeRun.rolling(history, "u-" + i, "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1",
                    "peer-2");
            for (int stage = 0; stage < run.plan.stages().size(); stage++) {
                run.runStage(stage);
            }
            histories.add(history);
            runs.add(run);
        }
        int longest = histories.stream().mapToInt(history -> history.all().size()).max().orElseThrow();
        double duplicatesBefore = duplicates();

        publishAsOneBatch(() -> {
            for (int sequence = 0; sequence < longest; sequence++) {
                for (History history : histories) {
                    if (sequence < history.all().size()) {
                        publish(history.get(sequence));
                    }
                }
            }
            publish(histories.get(3).get(7));           // a duplicate of one cluster among the others
        });

        for (int i = 0; i < histories.size(); i++) {
            History history = histories.get(i);
            JsonNode cluster = awaitJson("/api/v1/clusters/" + history.clusterId(),
                    body -> body.at("/cluster/lastSequence").asLong() == history.last().sequence());
            assertThat(cluster.at("/cluster/nodeCount").asInt()).isEqualTo(2);
            assertThat(cluster.get("nodes").valueStream().map(node -> node.get("version").asString()))
                    .containsOnly("1.1.0");
            JsonNode progress = api.get("/api/v1/clusters/" + history.clusterId() + "/upgrades/u-" + i).json()
                    .get("upgrade");
            assertThat(progress.at("/counts/steps/succeeded").asInt())
                    .isEqualTo(runs.get(i).plan.stepCount());
            assertThat(progress.at("/counts/steps/pending").asInt()).isZero();
            assertThat(progress.at("/counts/nodes/upgraded").asInt()).isEqualTo(2);
            assertThat(api.get("/api/v1/clusters/" + history.clusterId() + "/history?limit=500").json()
                    .get("events")).hasSize(history.all().size());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 1);
        assertThat(duplicates()).isEqualTo(duplicatesBefore + 1);
    }
}
