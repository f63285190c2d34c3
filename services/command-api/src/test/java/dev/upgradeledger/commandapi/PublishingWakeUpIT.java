package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.commandapi.eventstore.EventStoreNotifications;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.support.envelope.CommandCodec;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.TestIssuer;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TopicReader;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stored events are published because the publisher is woken when they become visible, never by waiting for its next
 * poll: in these tests the event store's producer polls only every 10 s ({@code ledger.publisher.fetch-delay}), and
 * every event below must reach {@value LedgerTopics#EVENTS} within 5 s, so it was announced. Covers the
 * cases that used to wait ~1 s: events whose unit of work joined a transaction someone else opened (a command from
 * Kafka, a REST command with an Idempotency-Key), and events another process stored (PostgreSQL LISTEN/NOTIFY).
 */
@LedgerIntegrationTest
class PublishingWakeUpIT extends ServiceIntegrationTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    /** The super user's producer: the test plays the other services and clients. */
    KafkaTemplate<String, String> kafka = LedgerInfrastructure.get().kafkaTemplate();
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    EventStoreNotifications notifications;
    @Value("${ledger.publisher.fetch-delay}")
    Duration fetchDelay;

    private final CommandCodec commands = new CommandCodec();
    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void theProducerOfTheseTestsDoesNotPollOftenEnoughToHideALostWakeUp() {
        assertThat(fetchDelay).isGreaterThanOrEqualTo(PROMPTLY.multipliedBy(2));
    }

    @Test
    void aCommandFromKafkaIsPublishedAfterTheTransactionAroundItCommits() throws Exception {
        String clusterId = CommandApiIT.uniqueClusterId();
        RegisterCluster register = new RegisterCluster(ClusterId.of(clusterId), "camunda", Version.of("7.5"),
                Version.of("7.5"), List.of(new NodeSpec(NodeId.of("engine-1"), "10.0.0.1:8080", null)), null, null);
        ProducerRecord<String, String> record = new ProducerRecord<>(LedgerTopics.COMMANDS, clusterId,
                commands.encode(new CommandEnvelope(UUID.randomUUID().toString(), "RegisterCluster", "kafka-test", null,
                        register)));
        record.headers().add(LedgerTopics.AUTHORIZATION_HEADER,
                ("Bearer " + TestIssuer.get().admin()).getBytes(StandardCharsets.UTF_8));
        kafka.send(record).get(10, TimeUnit.SECONDS);

        assertThat(publishedTypes(clusterId, 1)).containsExactly("ClusterRegistered");
    }

    @Test
    void aRestCommandWithAnIdempotencyKeyIsPublishedAfterTheTransactionAroundItCommits() {
        String clusterId = CommandApiIT.uniqueClusterId();

        assertThat(api.post("/api/v1/clusters", CommandApiIT.registration(clusterId),
                Map.of("Idempotency-Key", "wake-" + clusterId)).status()).isEqualTo(201);

        assertThat(publishedTypes(clusterId, 1)).containsExactly("ClusterRegistered");
    }

    @Test
    void eventsAnotherProcessStoredArePublishedOnPostgresNotification() {
        String clusterId = CommandApiIT.uniqueClusterId();

        appendBehindTheEventStoresBack(clusterId);

        assertThat(publishedTypes(clusterId, 1)).containsExactly("ClusterRegistered");
        assertThat(notifications.isRunning()).isTrue();
    }

    /** Stores a registration through the storage engine only, as another command-api process would. */
    private void appendBehindTheEventStoresBack(String clusterId) {
        ClusterRegistered registered = new ClusterRegistered(ClusterId.of(clusterId), "camunda", Version.of("7.5"),
                Version.of("7.5"), List.of(new NodeSpec(NodeId.of("engine-1"), "10.0.0.1:8080", null)));
        transactions.executeWithoutResult(status -> storageEngine.appendEvents(
                new GenericDomainEventMessage<>("Cluster", clusterId, 0, registered)));
    }

    private List<String> publishedTypes(String clusterId, int atLeast) {
        try (TopicReader reader = new TopicReader(LedgerTopics.EVENTS)) {
            List<ConsumerRecord<String, String>> records = reader.readUntil(
                    all -> all.stream().filter(r -> clusterId.equals(r.key())).count() >= atLeast,
                    PROMPTLY);
            return records.stream()
                    .filter(r -> clusterId.equals(r.key()))
                    .map(r -> codec.decode(r.value()).eventType())
                    .toList();
        }
    }
}
