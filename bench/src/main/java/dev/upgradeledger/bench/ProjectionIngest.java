package dev.upgradeledger.bench;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Projection ingest: synthetic but valid envelopes (the history of a finished 6-node rolling upgrade per cluster)
 * produced straight to {@value LedgerTopics#EVENTS}, and the time until the projection has applied them all, read
 * from its {@code ledger_projection_events_total{outcome="applied"}} counter.
 */
final class ProjectionIngest {

    static final int NODES = 6;
    /** Registration, plan, schema migration, isolate + upgrade + reintegrate per node, completion. */
    static final int EVENTS_PER_CLUSTER = 3 + 3 * NODES + 1;
    /** Far above any position the event store hands out in a benchmark run, so the two never meet. */
    private static final long FIRST_POSITION = 1_000_000_000L;

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final AtomicLong positions = new AtomicLong(FIRST_POSITION);
    private final String bootstrapServers;
    private final LedgerApi api;
    private final URI prometheus;

    ProjectionIngest(String bootstrapServers, LedgerApi api, URI projection) {
        this.bootstrapServers = bootstrapServers;
        this.api = api;
        this.prometheus = projection.resolve("/actuator/prometheus");
    }

    /** What one ingest took: producing (until every record was acknowledged), and until all were applied. */
    record Result(int clusters, int events, long produceNanos, long applyNanos, boolean complete, double applied,
                  double duplicates) {
    }

    /** Produces whole clusters' histories, at least {@code events} envelopes, and waits until all are applied. */
    Result run(int events, String clusterPrefix) throws IOException, InterruptedException {
        int clusters = (events + EVENTS_PER_CLUSTER - 1) / EVENTS_PER_CLUSTER;
        List<ProducerRecord<String, String>> records = new ArrayList<>(clusters * EVENTS_PER_CLUSTER);
        for (int c = 0; c < clusters; c++) {
            for (EventEnvelope envelope : history(ClusterId.of(clusterPrefix + "-" + c))) {
                records.add(new ProducerRecord<>(LedgerTopics.EVENTS, envelope.clusterId().value(),
                        codec.encode(envelope)));
            }
        }
        double before = appliedEvents();
        double duplicatesBefore = projectionEvents("duplicate");
        long begin;
        long produced;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(BenchKafka.config(
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "ledger-bench-ingest"), new StringSerializer(),
                new StringSerializer())) {
            producer.partitionsFor(LedgerTopics.EVENTS);
            begin = System.nanoTime();
            records.forEach(producer::send);
            producer.flush();
            produced = System.nanoTime() - begin;
        }
        double target = before + records.size();
        long deadline = begin + 300_000_000_000L;
        double applied = before;
        while (applied < target && System.nanoTime() < deadline) {
            Thread.sleep(50);
            applied = appliedEvents();
        }
        long took = System.nanoTime() - begin;
        return new Result(clusters, records.size(), produced, took, applied >= target, applied - before,
                projectionEvents("duplicate") - duplicatesBefore);
    }

    /** Records produced: how many, how long until all were acknowledged, and how many bytes of values. */
    record Produced(long records, int clusters, long nanos, long bytes) {
        double perSecond() {
            return Stats.perSecond(records, nanos);
        }
    }

    /**
     * Produces whole clusters' histories, at least {@code events} envelopes, built while sending (nothing is kept),
     * with one producer tuned for throughput but as safe as the services' (acks=all, idempotent): linger 20 ms,
     * 256 KiB batches, no compression.
     */
    Produced produceFast(long events, String clusterPrefix) {
        int clusters = (int) ((events + EVENTS_PER_CLUSTER - 1) / EVENTS_PER_CLUSTER);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        long records = 0;
        long begin;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(BenchKafka.config(
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 67_108_864L,
                ProducerConfig.CLIENT_ID_CONFIG, "ledger-bench-fast"), new StringSerializer(),
                new StringSerializer())) {
            producer.partitionsFor(LedgerTopics.EVENTS);
            begin = System.nanoTime();
            for (int c = 0; c < clusters && failure.get() == null; c++) {
                for (EventEnvelope envelope : history(ClusterId.of(clusterPrefix + "-" + c))) {
                    String value = codec.encode(envelope);
                    bytes += value.length();
                    records++;
                    producer.send(new ProducerRecord<>(LedgerTopics.EVENTS, envelope.clusterId().value(), value),
                            (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing synthetic events failed: " + failure.get(), failure.get());
        }
        return new Produced(records, clusters, System.nanoTime() - begin, bytes);
    }

    /** The sum of the projection's applied-events counter over all event types. */
    double appliedEvents() throws IOException, InterruptedException {
        return projectionEvents("applied");
    }

    private double projectionEvents(String outcome) throws IOException, InterruptedException {
        String text = LedgerApi.ok(api.get(prometheus)).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("ledger_projection_events_total{") && line.contains("outcome=\"" + outcome + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private List<EventEnvelope> history(ClusterId id) {
        UpgradeId upgrade = UpgradeId.of("u-76");
        Version from = Version.of("7.5");
        Version to = Version.of("7.6");
        List<NodeSpec> nodes = new ArrayList<>();
        List<PlannedStage> stages = new ArrayList<>();
        stages.add(new PlannedStage(0, "migrate schema", List.of(
                new PlannedStep("s0.0", StepAction.MIGRATE_SCHEMA, id, null, Map.of()))));
        for (int n = 1; n <= NODES; n++) {
            NodeId node = NodeId.of("engine-" + n);
            nodes.add(new NodeSpec(node, "10.0.0." + n + ":8080", null));
            stages.add(new PlannedStage(n, "batch " + n, List.of(
                    new PlannedStep("s" + n + ".0", StepAction.UPGRADE_NODE, id, node, Map.of()))));
        }
        List<LedgerEvent> events = new ArrayList<>();
        events.add(new ClusterRegistered(id, "bench-ingest", from, from, nodes));
        events.add(new UpgradePlanned(id, upgrade, from, to, to, UpgradeStrategy.ROLLING, new UpgradePlan(stages),
                List.of()));
        events.add(new SchemaMigrated(id, upgrade, "s0.0", from, to));
        for (int n = 1; n <= NODES; n++) {
            NodeId node = NodeId.of("engine-" + n);
            events.add(new NodeIsolated(id, upgrade, "s" + n + ".0", node));
            events.add(new NodeUpgraded(id, upgrade, "s" + n + ".1", node, from, to));
            events.add(new NodeReintegrated(id, upgrade, "s" + n + ".3", node));
        }
        events.add(new UpgradeCompleted(id, upgrade, to, to, false));
        List<EventEnvelope> envelopes = new ArrayList<>(events.size());
        String correlation = UUID.randomUUID().toString();
        for (int sequence = 0; sequence < events.size(); sequence++) {
            LedgerEvent event = events.get(sequence);
            envelopes.add(new EventEnvelope(UUID.randomUUID().toString(), LedgerEvents.typeName(event.getClass()),
                    LedgerEvents.revision(event.getClass()), id, sequence, positions.incrementAndGet(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                    correlation, UUID.randomUUID().toString(), "ledger-bench", event));
        }
        return envelopes;
    }
}
