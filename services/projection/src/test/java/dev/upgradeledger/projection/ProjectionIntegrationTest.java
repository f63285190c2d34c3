package dev.upgradeledger.projection;

import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Base of the projection's integration tests that publish a cluster's history to {@code ledger.events} as command-api
 * would: envelopes with gap-free sequences, increasing positions, and event times one second apart (so durations are
 * exact), then read what the API shows.
 */
public abstract class ProjectionIntegrationTest extends ServiceIntegrationTest {

    private static final AtomicLong POSITIONS = new AtomicLong(1_000_000);

    /** The super user's producer: the test plays the other services and clients. */
    protected KafkaTemplate<String, String> kafka = LedgerInfrastructure.get().kafkaTemplate();
    @Autowired
    protected MeterRegistry meters;

    private final EnvelopeCodec codec = new EnvelopeCodec();

    protected static String uniqueClusterId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** How many events the projection has skipped as already applied, of every type. */
    protected double duplicates() {
        return meters.find("ledger.projection.events").tag("outcome", "duplicate").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    protected void publish(EventEnvelope envelope) {
        kafka.send(LedgerTopics.EVENTS, envelope.clusterId().value(), codec.encode(envelope)).join();
    }

    /** Publishes the envelopes and waits until the cluster's row includes the last of them. */
    protected void publishAndAwait(List<EventEnvelope> envelopes) {
        envelopes.forEach(this::publish);
        EventEnvelope last = envelopes.get(envelopes.size() - 1);
        awaitJson("/api/v1/clusters/" + last.clusterId(),
                cluster -> cluster.at("/cluster/lastSequence").asLong() >= last.sequence());
    }

    /** Publishes redeliveries and waits until the projection counted every one of them as a duplicate. */
    protected void redeliver(EventEnvelope... envelopes) {
        double before = duplicates();
        for (EventEnvelope envelope : envelopes) {
            publish(envelope);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= before + envelopes.length);
    }

    protected JsonNode awaitJson(String path, Predicate<JsonNode> condition) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var response = api.get(path);
            return response.status() == 200 && condition.test(response.json());
        });
        return api.get(path).json();
    }

    /** One cluster's history as command-api would publish it. */
    protected static final class History {

        private final ClusterId clusterId;
        private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        private final List<EventEnvelope> envelopes = new ArrayList<>();
        private String actor = "sre-alice";
        private String correlationId = "req-1";

        History(String clusterId) {
            this.clusterId = ClusterId.of(clusterId);
        }

        public static History registered(String clusterId, String product, String version, String... nodes) {
            return registered(clusterId, product, version, Map.of(), nodes);
        }

        /** A registration carrying labels. */
        public static History registered(String clusterId, String product, String version, Map<String, String> labels,
                                         String... nodes) {
            History history = new History(clusterId);
            List<NodeSpec> specs = new ArrayList<>();
            for (int i = 0; i < nodes.length; i++) {
                specs.add(new NodeSpec(NodeId.of(nodes[i]), "10.0.0." + (i + 1) + ":8080",
                        "zone-" + (char) ('a' + i % 2)));
            }
            history.add(new ClusterRegistered(history.clusterId, product, Version.of(version), Version.of("1"), specs,
                    labels));
            return history;
        }

        public ClusterId clusterId() {
            return clusterId;
        }

        public History as(String actor, String correlationId) {
            this.actor = actor;
            this.correlationId = correlationId;
            return this;
        }

        /** The event as the next of the history, one second after the previous one. */
        public EventEnvelope add(LedgerEvent event) {
            long sequence = envelopes.size();
            EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(),
                    LedgerEvents.typeName(event.getClass()), "1", clusterId, sequence, POSITIONS.incrementAndGet(),
                    time(sequence), correlationId, "cmd-" + sequence, actor, event);
            envelopes.add(envelope);
            return envelope;
        }

        /** The time of the event at {@code sequence}. */
        public Instant time(long sequence) {
            return start.plusSeconds(sequence);
        }

        public EventEnvelope get(int sequence) {
            return envelopes.get(sequence);
        }

        public EventEnvelope last() {
            return envelopes.get(envelopes.size() - 1);
        }

        public List<EventEnvelope> all() {
            return List.copyOf(envelopes);
        }

        /** The envelopes from {@code sequence} on. */
        public List<EventEnvelope> from(int sequence) {
            return List.copyOf(envelopes.subList(sequence, envelopes.size()));
        }
    }
}
