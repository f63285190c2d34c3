package dev.upgradeledger.projection.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.upgradeledger.events.NodeVerified;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.projection.recovery.LiveListeners;
import dev.upgradeledger.projection.timetravel.ClusterStateFold;
import dev.upgradeledger.projection.timetravel.RecordedEvents;
import dev.upgradeledger.projection.ProjectionIntegrationTest;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A measuring harness, not a test: not run by {@code verify} (neither *IT nor *Test). Run one scenario with
 * {@code -Dit.test=ProjectionBench -Dbench.scenario=ingest|timetravel|rebuild -Dbench.events=N}; figures are appended to
 * {@code target/bench.txt}, with the CPU time and JDBC round trips per event and per batch of each phase (see
 * {@link CpuAndStatements}). Runs with the projection's own defaults, not the integration tests' (which take a fold
 * snapshot every 10 events and an automatic snapshot every 40): fold snapshots every 1000 events of a cluster, and no
 * automatic snapshots (they run on their own thread, apart from the ingest). Asserts only that the projection caught
 * up.
 */
@LedgerIntegrationTest
@Import(CpuAndStatements.Counting.class)
@TestPropertySource(properties = {"ledger.projection.fold-snapshots.every=1000", "ledger.projection.snapshots.every=0"})
class ProjectionBench extends ProjectionIntegrationTest {

    private static final AtomicLong POSITIONS = new AtomicLong(50_000_000);

    @Autowired
    private LiveListeners listeners;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private RecordedEvents recorded;
    @Autowired
    private PlatformTransactionManager transactions;

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void measure() throws Exception {
        String scenario = System.getProperty("bench.scenario", "ingest");
        int events = Integer.getInteger("bench.events", 50_000);
        switch (scenario) {
            case "ingest" -> ingest(events);
            case "timetravel" -> timeTravel(events);
            case "rebuild" -> rebuild(events);
            default -> throw new IllegalArgumentException(scenario);
        }
    }

    /** Publishes {@code events} while the listeners are stopped, then times how long they take to apply them all. */
    private void ingest(int events) throws Exception {
        listeners.stop();
        String prefix = "bi" + UUID.randomUUID().toString().substring(0, 6);
        long published = publishClusters(prefix, events);
        long end = totalEndOffsets();
        CpuAndStatements cpu = CpuAndStatements.start(postmaster());
        Phase phase = new Phase(cpu);
        long start = System.nanoTime();
        listeners.start();
        awaitApplied(end);
        report("ingest", published, System.nanoTime() - start);
        phase.report("ingest", published);
        cpu.stop();
        parts();
    }

    private void rebuild(int events) throws Exception {
        String prefix = "br" + UUID.randomUUID().toString().substring(0, 6);
        CpuAndStatements cpu = CpuAndStatements.start(postmaster());
        Phase live = new Phase(cpu);
        long published = publishClusters(prefix, events);
        long end = totalEndOffsets();
        awaitApplied(end);
        live.report("live ingest while publishing (JVM CPU includes the producer)", published);
        Phase replay = new Phase(cpu);
        long start = System.nanoTime();
        var response = api.post("/admin/v1/rebuilds", "{\"mode\":\"FULL\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        Thread.sleep(200);
        awaitApplied(end);
        long applied = System.nanoTime() - start;
        String location = response.header("Location");
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!"COMPLETED".equals(api.get(location).json().get("state").asString())) {
            assertThat(System.nanoTime()).as("rebuild completed within 10 minutes").isLessThan(deadline);
            Thread.sleep(20);
        }
        report("full rebuild (records in topic), until caught up", end, applied);
        report("full rebuild (records in topic), until COMPLETED (indexes built)", end, System.nanoTime() - start);
        replay.report("full rebuild until COMPLETED", end);
        cpu.stop();
        parts();
    }

    /** One cluster of 10 nodes with {@code events} events; the state after its last event, from snapshots and from 0. */
    private void timeTravel(int events) throws Exception {
        String clusterId = "tt" + UUID.randomUUID().toString().substring(0, 6);
        CpuAndStatements cpu = CpuAndStatements.start(postmaster());
        Phase phase = new Phase(cpu);
        long start = System.nanoTime();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        long last = history(clusterId, 10, events, envelope -> sends.add(send(envelope))) - 1;
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        awaitApplied(totalEndOffsets());
        report("ingest (one cluster, listeners live)", last + 1, System.nanoTime() - start);
        phase.report("ingest (one cluster, listeners live; JVM CPU includes the producer)", last + 1);
        cpu.stop();
        parts();
        meters.find("ledger.projection.fold-snapshots").counters().forEach(counter -> line(String.format(Locale.ROOT,
                "  %s: %.0f", counter.getId().getName(), counter.count())));
        for (long sequence : List.of(last, last - 1, last - 500, 1_500L, last)) {
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                var response = api.get("/api/v1/clusters/" + clusterId + "/state?sequence=" + sequence);
                long took = System.nanoTime() - t0;
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                line(String.format(Locale.ROOT, "time travel to %d of %d (HTTP, from a fold snapshot): %.1f ms, %d B",
                        sequence, last, took / 1e6, response.body().length()));
            }
        }
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            long folded = new TransactionTemplate(transactions).execute(status -> {
                ClusterStateFold fold = ClusterStateFold.initial();
                recorded.forEach(ClusterId.of(clusterId), 0, last, fold::apply);
                fold.state();
                return fold.applied();
            });
            line(String.format(Locale.ROOT, "fold of the whole history from event 0 (%d events, in-process): %.1f ms",
                    folded, (System.nanoTime() - t0) / 1e6));
        }
        var diagnosis = api.get("/api/v1/upgrades/u-1/diagnosis?clusterId=" + clusterId);
        line("diagnosis of one upgrade of it: " + diagnosis.status() + ", " + diagnosis.body().length() + " B");
    }

    /** The embedded PostgreSQL's postmaster: the parent of a backend. */
    private long postmaster() throws IOException {
        long backend = jdbc.sql("select pg_backend_pid()").query(Long.class).single();
        String stat = Files.readString(Path.of("/proc/" + backend + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }

    /** CPU time and round trips from its start until {@link #report}. */
    private final class Phase {

        private final CpuAndStatements cpu;
        private final CpuAndStatements.Reading before;
        private final long batchesBefore;

        Phase(CpuAndStatements cpu) {
            this.cpu = cpu;
            this.before = cpu.read();
            this.batchesBefore = batches();
        }

        void report(String what, long events) {
            CpuAndStatements.Reading after = cpu.read();
            long batches = Math.max(1, batches() - batchesBefore);
            double listeners = (after.listenerNanos() - before.listenerNanos()) / 1e3 / events;
            double jvm = (after.jvmNanos() - before.jvmNanos()) / 1e3 / events;
            double postgres = (after.postgresNanos() - before.postgresNanos()) / 1e3 / events;
            long statements = after.statements() - before.statements();
            long copies = after.copies() - before.copies();
            long commits = after.commits() - before.commits();
            line(String.format(Locale.ROOT, "%s: CPU per event: listener threads %.1f us, whole test JVM %.1f us,"
                            + " PostgreSQL %.1f us (%d events, %d batches of %.0f); per batch: %.1f statements,"
                            + " %.2f COPYs, %.2f commits", what, listeners, jvm, postgres, events, batches,
                    (double) events / batches, (double) statements / batches, (double) copies / batches,
                    (double) commits / batches));
        }

        private long batches() {
            var size = meters.find("ledger.projection.batch.size").summary();
            return size == null ? 0 : size.count();
        }
    }

    /** Where the batches' time went, from the projection's own timers. */
    private void parts() {
        meters.find("ledger.projection.batch.part").timers().forEach(timer -> line(String.format(Locale.ROOT,
                "  %-28s %8.0f ms in %d batches", timer.getId().getTag("part"),
                timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS), timer.count())));
        var apply = meters.find("ledger.projection.batch.apply").timer();
        var size = meters.find("ledger.projection.batch.size").summary();
        line(String.format(Locale.ROOT, "  apply (commit excluded)      %8.0f ms, %d batches, %.0f records/batch",
                apply.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS), apply.count(), size.mean()));
    }

    private long publishClusters(String prefix, int events) {
        long published = 0;
        int cluster = 0;
        List<CompletableFuture<?>> sends = new ArrayList<>();
        while (published < events) {
            published += history(prefix + "-" + cluster++, 10, (int) Math.min(1_000, events - published),
                    envelope -> sends.add(send(envelope)));
            if (sends.size() > 20_000) {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
                sends.clear();
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        line("published " + published + " events of " + cluster + " clusters");
        return published;
    }

    private CompletableFuture<?> send(EventEnvelope envelope) {
        return kafka.send(LedgerTopics.EVENTS, envelope.clusterId().value(), codec.encode(envelope));
    }

    private long totalEndOffsets() {
        Map<Integer, Long> ends = new java.util.HashMap<>();
        // the secured broker's super user (SASL), as the test's producer
        Map<String, Object> properties = new java.util.HashMap<>(LedgerInfrastructure.get().kafkaProperties());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(properties,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            var partitions = consumer.partitionsFor(LedgerTopics.EVENTS).stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(info.topic(), info.partition())).toList();
            consumer.endOffsets(partitions).forEach((partition, offset) -> ends.put(partition.partition(), offset));
        }
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Waits until the read models include every record up to the end offsets' total. */
    private void awaitApplied(long end) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            Long included;
            try {
                included = jdbc.sql("select coalesce(sum(last_offset + 1), 0) from projection_offset")
                        .query(Long.class).single();
            } catch (org.springframework.dao.DataAccessException schemaBeingRecreated) {
                included = 0L; // a FULL rebuild drops and migrates the schema: not there for a moment
            }
            if (included >= end) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not caught up within 10 minutes");
    }

    private void report(String what, long events, long nanos) throws IOException {
        line(String.format(Locale.ROOT, "%s: %d events in %.2f s = %.0f events/s", what, events, nanos / 1e9,
                events / (nanos / 1e9)));
    }

    private static void line(String text) {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            load = "?";
        }
        String line = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " [load " + load + "] " + text;
        System.out.println(line);
        try {
            Files.writeString(Path.of("target/bench.txt"), line + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A cluster of {@code nodes} nodes registered, then rolling upgrades one after the other (7.0 to 7.1, 7.1 to 7.2,
     * ...), each node isolated, upgraded, verified and reintegrated, each step started then settled: exactly
     * {@code events} events (the last upgrade may stop half-way). Returns how many were handed to {@code each}.
     */
    static long history(String clusterId, int nodes, int events, Consumer<EventEnvelope> each) {
        ClusterId id = ClusterId.of(clusterId);
        List<NodeSpec> specs = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            specs.add(new NodeSpec(NodeId.of("engine-" + n), "10.0.0." + n + ":8080", n % 2 == 0 ? "zone-b" : "zone-a"));
        }
        Writer history = new Writer(id, Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MICROS),
                events, each);
        history.add(new ClusterRegistered(id, "camunda", Version.of("7.0"), Version.of("7.0"), specs), "sre-alice");
        for (int u = 1; !history.full(); u++) {
            Version from = Version.of("7." + (u - 1));
            Version to = Version.of("7." + u);
            UpgradeId upgrade = UpgradeId.of("u-" + u);
            List<PlannedStage> stages = new ArrayList<>();
            for (int n = 1; n <= nodes; n++) {
                NodeId node = NodeId.of("engine-" + n);
                stages.add(new PlannedStage(n - 1, "batch " + n, List.of(
                        new PlannedStep("s" + n + ".isolate", StepAction.ISOLATE_NODE, id, node, Map.of()),
                        new PlannedStep("s" + n + ".upgrade", StepAction.UPGRADE_NODE, id, node, Map.of()),
                        new PlannedStep("s" + n + ".verify", StepAction.VERIFY_NODE, id, node, Map.of()),
                        new PlannedStep("s" + n + ".reintegrate", StepAction.REINTEGRATE_NODE, id, node, Map.of()))));
            }
            history.add(new UpgradePlanned(id, upgrade, from, to, to, UpgradeStrategy.ROLLING, new UpgradePlan(stages),
                    List.of()), "sre-alice");
            for (int n = 1; n <= nodes; n++) {
                NodeId node = NodeId.of("engine-" + n);
                history.step(upgrade, "s" + n + ".isolate", StepAction.ISOLATE_NODE, node);
                history.add(new NodeIsolated(id, upgrade, "s" + n + ".isolate", node), "executor");
                history.step(upgrade, "s" + n + ".upgrade", StepAction.UPGRADE_NODE, node);
                history.add(new NodeUpgraded(id, upgrade, "s" + n + ".upgrade", node, from, to), "executor");
                history.step(upgrade, "s" + n + ".verify", StepAction.VERIFY_NODE, node);
                history.add(new NodeVerified(id, upgrade, "s" + n + ".verify", node), "executor");
                history.step(upgrade, "s" + n + ".reintegrate", StepAction.REINTEGRATE_NODE, node);
                history.add(new NodeReintegrated(id, upgrade, "s" + n + ".reintegrate", node), "executor");
            }
            history.add(new UpgradeCompleted(id, upgrade, to, to, false), "ledger");
            history.add(new UpgradeFinalized(id, upgrade, to), "sre-alice");
        }
        return history.count;
    }

    private static final class Writer {

        private final ClusterId clusterId;
        private final String correlationId = UUID.randomUUID().toString();
        private final int limit;
        private final Consumer<EventEnvelope> each;
        private Instant time;
        private long count;
        private String previous;

        Writer(ClusterId clusterId, Instant start, int limit, Consumer<EventEnvelope> each) {
            this.clusterId = clusterId;
            this.time = start;
            this.limit = limit;
            this.each = each;
        }

        boolean full() {
            return count >= limit;
        }

        void step(UpgradeId upgrade, String stepId, StepAction action, NodeId node) {
            add(new StepStarted(clusterId, upgrade, stepId, action, node == null ? clusterId : null, node, Map.of(),
                    1, time.plus(Duration.ofMinutes(10)), 0), "ledger");
        }

        void add(LedgerEvent event, String actor) {
            if (full()) {
                return;
            }
            time = time.plusMillis(250);
            String eventId = UUID.randomUUID().toString();
            each.accept(new EventEnvelope(eventId, LedgerEvents.typeName(event.getClass()),
                    LedgerEvents.revision(event.getClass()), clusterId, count++,
                    POSITIONS.incrementAndGet(), time, correlationId, previous == null ? "cmd-1" : previous, actor,
                    event));
            previous = eventId;
        }
    }
}
