package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.commandapi.publishing.RecordSizeLimit;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.support.kafka.LedgerKafkaProperties;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The record limit on both ends: a command whose event could not be published is refused before anything is stored;
 * an event stored anyway (an older ledger, a topic whose limit was lowered later) is parked with its cluster's later
 * events, the publisher's health says so, other clusters keep flowing, and a re-drive publishes the parked events in
 * order once the cause is gone. The cause here is real: the broker's {@code max.message.bytes} of ledger.events,
 * lowered and raised with Kafka's admin client (this context allows 4 MB records).
 */
@LedgerIntegrationTest
class PublishingLimitsIT extends ServiceIntegrationTest {

    private static final int LOW_LIMIT = 64 * 1024;

    @Autowired
    RecordSizeLimit limit;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LedgerKafkaProperties kafkaProperties;

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @AfterEach
    void restoreTheTopicLimit() throws Exception {
        setTopicLimit(kafkaProperties.kafkaRecordLimitBytes());
    }

    @Test
    void aRegistrationWhoseEventCouldNotBePublishedIsRefusedAndStoresNothing() throws Exception {
        setTopicLimit(LOW_LIMIT + LedgerKafkaProperties.RECORD_OVERHEAD_BYTES);
        String clusterId = CommandApiIT.uniqueClusterId();

        ApiResponse response = api.post("/api/v1/clusters", registrationOf(clusterId, 1_500));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:event-too-large");
        assertThat(problem.get("eventType").asString()).isEqualTo("ClusterRegistered");
        assertThat(problem.get("limit").asLong()).isLessThanOrEqualTo(LOW_LIMIT);
        assertThat(problem.get("size").asLong()).isGreaterThan(problem.get("limit").asLong());
        assertThat(new StoredEvents(jdbc).count(clusterId)).isZero();

        String small = CommandApiIT.uniqueClusterId();
        assertThat(api.post("/api/v1/clusters", registrationOf(small, 3)).status()).isEqualTo(201);
    }

    @Test
    void anEventThatCannotBeSentIsParkedWithItsClusterAndPublishedInOrderOnceTheCauseIsGone() throws Exception {
        setTopicLimit(LOW_LIMIT + LedgerKafkaProperties.RECORD_OVERHEAD_BYTES);
        String stuck = CommandApiIT.uniqueClusterId();
        // As an older ledger (or one with a larger limit) stored them: too large for the topic as it is now.
        transactions.executeWithoutResult(status -> storageEngine.appendEvents(
                new GenericDomainEventMessage<>("Cluster", stuck, 0, registered(stuck, 1_500)),
                new GenericDomainEventMessage<>("Cluster", stuck, 1, new NodeAdded(ClusterId.of(stuck),
                        new NodeSpec(NodeId.of("late-node"), "10.9.9.9:8080", null), Version.of("7.5")))));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(parked()).isEqualTo(2));
        String flowing = CommandApiIT.uniqueClusterId();
        assertThat(api.post("/api/v1/clusters", registrationOf(flowing, 3)).status()).isEqualTo(201);
        assertThat(published(flowing, 1)).as("other clusters keep flowing").hasSize(1);

        ApiResponse health = api.get("/actuator/health/publishing");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().at("/components/publisher/details/parkedEvents").asLong()).isEqualTo(2);
        assertThat(health.json().at("/components/publisher/details/parkedClusters/0/clusterId").asString())
                .isEqualTo(stuck);
        JsonNode deadLetters = api.get("/api/v1/admin/publisher/dead-letters").json();
        assertThat(deadLetters.get("events").asLong()).isEqualTo(2);
        assertThat(deadLetters.at("/clusters/0/cause").asString()).contains("larger than");

        ApiResponse stillTooLarge = api.post("/api/v1/admin/publisher/dead-letters/redrive", "");
        assertThat(stillTooLarge.json().get("stillParked").asLong()).isEqualTo(2);

        setTopicLimit(kafkaProperties.kafkaRecordLimitBytes());
        ApiResponse redrive = api.post("/api/v1/admin/publisher/dead-letters/redrive", "");

        assertThat(redrive.status()).isEqualTo(200);
        assertThat(redrive.json().get("published").asLong()).isEqualTo(2);
        assertThat(redrive.json().get("stillParked").asLong()).isZero();
        List<EventEnvelope> envelopes = published(stuck, 2);
        assertThat(envelopes).extracting(EventEnvelope::sequence).containsExactly(0L, 1L);
        assertThat(envelopes).extracting(EventEnvelope::eventType).containsExactly("ClusterRegistered", "NodeAdded");
        assertThat(api.get("/actuator/health/publishing").status()).isEqualTo(200);

        // The publisher remembers which clusters it parked (its sequence identifier cache): once re-driven, the
        // cluster's next event is asked about in the database again and published, not parked behind nothing.
        transactions.executeWithoutResult(status -> storageEngine.appendEvents(
                new GenericDomainEventMessage<>("Cluster", stuck, 2, new NodeAdded(ClusterId.of(stuck),
                        new NodeSpec(NodeId.of("later-node"), "10.9.9.8:8080", null), Version.of("7.5")))));
        assertThat(published(stuck, 3)).extracting(EventEnvelope::sequence).containsExactly(0L, 1L, 2L);
        assertThat(parked()).isZero();
    }

    private long parked() {
        return jdbc.sql("select count(*) from deadletterentry").query(Long.class).single();
    }

    private List<EventEnvelope> published(String clusterId, int atLeast) {
        try (TopicReader reader = new TopicReader(LedgerTopics.EVENTS)) {
            List<ConsumerRecord<String, String>> records = reader.readUntil(
                    all -> all.stream().filter(r -> clusterId.equals(r.key())).count() >= atLeast,
                    Duration.ofSeconds(20));
            return records.stream().filter(r -> clusterId.equals(r.key())).map(r -> codec.decode(r.value())).toList();
        }
    }

    private void setTopicLimit(int bytes) throws Exception {
        try (AdminClient admin = AdminClient.create(LedgerInfrastructure.get().kafkaProperties())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, LedgerTopics.EVENTS);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(bytes)),
                    AlterConfigOp.OpType.SET)))).all().get(10, TimeUnit.SECONDS);
        }
        // The ledger reads the topic's limit at most once a minute, and before every re-drive; now, for the test.
        limit.refresh();
    }

    private static ClusterRegistered registered(String clusterId, int nodes) {
        return new ClusterRegistered(ClusterId.of(clusterId), "camunda", Version.of("7.5"), Version.of("7.5"),
                IntStream.rangeClosed(1, nodes).mapToObj(PublishingLimitsIT::node).toList());
    }

    private static NodeSpec node(int i) {
        return new NodeSpec(NodeId.of("engine-" + i), "engine-" + i + ".zone-a.camunda.example.internal:8080",
                "zone-a");
    }

    private static String registrationOf(String clusterId, int nodes) {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            NodeSpec node = node(i);
            list.append(i > 1 ? "," : "").append("{\"id\":\"").append(node.id().value()).append("\",\"address\":\"")
                    .append(node.address()).append("\",\"group\":\"zone-a\"}");
        }
        return "{\"clusterId\":\"" + clusterId + "\",\"product\":\"camunda\",\"version\":\"7.5\",\"nodes\":[" + list
                + "]}";
    }
}
