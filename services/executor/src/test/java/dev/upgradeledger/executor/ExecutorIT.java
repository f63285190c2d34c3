package dev.upgradeledger.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

@ExecutorIntegrationTest
class ExecutorIT extends ServiceIntegrationTest {

    /** The super user's producer: the test plays the other services and clients. */
    KafkaTemplate<String, String> kafka = LedgerInfrastructure.get().kafkaTemplate();
    @Autowired
    MeterRegistry meters;

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void theExecutorRecordsEachEventOnceAndOnlyMovesForward() {
        String clusterId = "x-" + UUID.randomUUID().toString().substring(0, 13);
        EventEnvelope first = envelope(clusterId, 0, 500);
        EventEnvelope second = envelope(clusterId, 1, 501);

        double duplicatesBefore = duplicates();
        publish(first);
        publish(first);
        publish(second);
        publish(first);
        publish(second);

        // three of the five records are duplicates (first twice more, second once more): once all three were
        // counted, every record was handled, and the cursor must show the two events, each once
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 3);
        JsonNode cursor = api.get("/api/v1/cursors/" + clusterId).json();
        assertThat(cursor.get("lastSequence").asLong()).isEqualTo(1);
        assertThat(cursor.get("lastPosition").asLong()).isEqualTo(501);
        assertThat(cursor.get("lastEventId").asString()).isEqualTo(second.eventId());
        assertThat(cursor.get("eventsSeen").asLong()).isEqualTo(2);
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheNextRecordStillArrives() {
        String clusterId = "x-" + UUID.randomUUID().toString().substring(0, 13);
        kafka.send(LedgerTopics.EVENTS, clusterId, "\u0000binary garbage").join();
        publish(envelope(clusterId, 0, 600));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/api/v1/cursors/" + clusterId).status() == 200);
        try (TopicReader deadLetters = new TopicReader(LedgerTopics.deadLetter(LedgerTopics.EVENTS, "executor"))) {
            assertThat(deadLetters.readUntil(records -> records.stream().anyMatch(r -> clusterId.equals(r.key())),
                    Duration.ofSeconds(20))).anyMatch(r -> clusterId.equals(r.key())
                    && r.value().equals("\u0000binary garbage"));
        }
    }

    @Test
    void anUnseenClusterIsANotFoundProblem() {
        assertThat(api.get("/api/v1/cursors/unseen").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/cursors/unseen").json().get("type").asString())
                .isEqualTo("urn:upgrade-ledger:problem:cluster-not-found");
    }

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        JsonNode readiness = api.get("/actuator/health/readiness").json();

        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/kafka/status").asString()).isEqualTo("UP");
        assertThat(api.getText("/actuator/prometheus").body()).contains("ledger_executor_events_total");
        assertThat(api.get("/v3/api-docs").json().at("/paths").has("/api/v1/cursors/{clusterId}")).isTrue();
    }

    private double duplicates() {
        return meters.find("ledger.executor.events").tag("outcome", "duplicate").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    private void publish(EventEnvelope envelope) {
        kafka.send(LedgerTopics.EVENTS, envelope.clusterId().value(), codec.encode(envelope)).join();
    }

    private static EventEnvelope envelope(String clusterId, long sequence, long position) {
        ClusterRegistered event = new ClusterRegistered(ClusterId.of(clusterId), "backend.ai", Version.of("23.09.10"),
                Version.of("23.09"), List.of(new NodeSpec(NodeId.of("manager-1"), "10.0.1.1:8081", null)));
        return new EventEnvelope(UUID.randomUUID().toString(), "ClusterRegistered", "1", event.clusterId(),
                sequence, position, Instant.now(), "req-1", "cmd-1", "sre-bob", event);
    }
}
