package dev.upgradeledger.projection;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies each event to every {@link ReadModel} exactly once, a batch of Kafka records at a time, in one transaction:
 * a per-cluster cursor remembers the last sequence applied, and an event at or below it (a redelivery, a republished
 * history, or a duplicate within the batch) changes nothing. The cursors of all the batch's clusters are read with one
 * query (locked) and written with one batch; the read models get the batch's new events; the last offset of each
 * partition in the batch is recorded ({@link ConsumedOffsets}) in the same transaction, so that the read models always
 * say exactly which records they include. After the commit the applied events are announced ({@link EventsApplied}) and
 * counted.
 */
@Component
public class ReadModels {

    private static final Logger log = LoggerFactory.getLogger(ReadModels.class);
    private static final BatchUpsert CURSORS = BatchUpsert.of("projection_cursor", List.of("cluster_id"), List.of(
            new BatchUpsert.Column("cluster_id", Types.VARCHAR), new BatchUpsert.Column("last_sequence", Types.BIGINT),
            new BatchUpsert.Column("last_position", Types.BIGINT)));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final List<ReadModel> models;
    private final MeterRegistry meters;
    private final ConsumedOffsets offsets;
    private final ApplicationEventPublisher announcements;
    private final DistributionSummary batchSize;
    private final Timer applyTime;

    ReadModels(JdbcClient jdbc, JdbcTemplate batch, List<ReadModel> models, MeterRegistry meters,
               ConsumedOffsets offsets, ApplicationEventPublisher announcements) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.models = models;
        this.meters = meters;
        this.offsets = offsets;
        this.announcements = announcements;
        this.batchSize = DistributionSummary.builder("ledger.projection.batch.size")
                .description("records per batch applied to the read models").publishPercentileHistogram()
                .register(meters);
        this.applyTime = Timer.builder("ledger.projection.batch.apply")
                .description("time to apply one batch to the read models, commit excluded").publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Applies the events of the records, in their order, and records the last offset of each partition among them, in
     * one transaction (the caller's, when there is one).
     */
    @Transactional
    public void apply(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        Timer.Sample sample = Timer.start(meters);
        List<EventEnvelope> fresh = timed("cursors", () -> newEvents(deliveries));
        // The bookkeeping first: the history, last of the read models, locks the stream counter until the commit
        if (!fresh.isEmpty()) {
            timed("cursors", () -> {
                writeCursors(fresh);
                return null;
            });
        }
        timed("offsets", () -> {
            offsets.record(lastPerPartition(deliveries));
            return null;
        });
        if (!fresh.isEmpty()) {
            Map<EventEnvelope, String> payloadTexts = new IdentityHashMap<>(deliveries.size() * 2);
            deliveries.forEach(delivery -> {
                if (delivery.envelope() != null && delivery.payloadText() != null) {
                    payloadTexts.put(delivery.envelope(), delivery.payloadText());
                }
            });
            models.forEach(model -> timed(model.getClass().getSimpleName(), () -> {
                model.apply(fresh, payloadTexts::get);
                return null;
            }));
        }
        boolean live = ReadModelTarget.isLive();
        if (live && !fresh.isEmpty()) {
            announcements.publishEvent(new EventsApplied(fresh.stream().map(envelope -> new EventApplied(
                    envelope.clusterId().value(), envelope.sequence(), envelope.position())).toList()));
        }
        sample.stop(applyTime);
        batchSize.record(deliveries.size());
        count(fresh, "applied");
    }

    /** Counts the events by type once the transaction has committed: one counter increment per type and batch. */
    private void count(List<EventEnvelope> events, String outcome) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, Integer> byType = new HashMap<>();
        events.forEach(envelope -> byType.merge(envelope.eventType(), 1, Integer::sum));
        afterCommit(() -> byType.forEach((type, count) -> meters.counter("ledger.projection.events", "outcome",
                outcome, "type", type).increment(count)));
    }

    private <T> T timed(String part, java.util.function.Supplier<T> work) {
        return Timer.builder("ledger.projection.batch.part").tag("part", part)
                .description("time a batch spends in each read model and in its bookkeeping").register(meters)
                .record(work);
    }

    /**
     * The events that are new, in order: those above their cluster's cursor (as it moves through the batch), and of
     * a cluster the projection knows or whose registration they are. Duplicates are counted after the commit.
     */
    private List<EventEnvelope> newEvents(List<Delivery> deliveries) {
        Map<String, Long> cursors = lockCursors(deliveries);
        List<EventEnvelope> fresh = new ArrayList<>();
        List<EventEnvelope> duplicates = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            EventEnvelope envelope = delivery.envelope();
            if (envelope == null) {
                continue;
            }
            String clusterId = envelope.clusterId().value();
            long applied = cursors.getOrDefault(clusterId, -1L);
            if (envelope.sequence() <= applied) {
                duplicates.add(envelope);
                continue;
            }
            if (applied < 0 && !(envelope.payload() instanceof ClusterRegistered)) {
                log.warn("Cluster {} has no registration before event {} ({}); skipped", clusterId,
                        envelope.sequence(), envelope.eventType());
                continue;
            }
            if (envelope.sequence() != applied + 1) {
                log.warn("Cluster {} jumps from event {} to {}: events are missing upstream", clusterId, applied,
                        envelope.sequence());
                afterCommit(() -> meters.counter("ledger.projection.sequence-gaps").increment());
            }
            cursors.put(clusterId, envelope.sequence());
            fresh.add(envelope);
        }
        count(duplicates, "duplicate");
        return fresh;
    }

    /** The cursors of the batch's clusters (-1: none yet), read with one query and locked until the commit. */
    private Map<String, Long> lockCursors(List<Delivery> deliveries) {
        TreeSet<String> clusters = new TreeSet<>();
        deliveries.stream().filter(delivery -> delivery.envelope() != null)
                .forEach(delivery -> clusters.add(delivery.envelope().clusterId().value()));
        Map<String, Long> cursors = new HashMap<>();
        if (clusters.isEmpty()) {
            return cursors;
        }
        jdbc.sql("select cluster_id, last_sequence from projection_cursor where cluster_id = any(?)"
                        + " order by cluster_id for update")
                .param(clusters.toArray(String[]::new))
                .query((rs, row) -> cursors.put(rs.getString(1), rs.getLong(2)))
                .list();
        return cursors;
    }

    private void writeCursors(List<EventEnvelope> fresh) {
        Map<String, EventEnvelope> last = new LinkedHashMap<>();
        fresh.forEach(envelope -> last.put(envelope.clusterId().value(), envelope));
        List<Object[]> rows = BatchUpsert.rows();
        last.forEach((clusterId, envelope) -> rows.add(new Object[] {clusterId, envelope.sequence(),
                envelope.position()}));
        CURSORS.write(batch, rows);
    }

    private static List<ConsumedOffset> lastPerPartition(List<Delivery> deliveries) {
        Map<String, ConsumedOffset> last = new TreeMap<>();
        for (Delivery delivery : deliveries) {
            ConsumedOffset source = delivery.source();
            if (source != null) {
                last.merge(source.topic() + "/" + source.partition(), source,
                        (a, b) -> a.offset() >= b.offset() ? a : b);
            }
        }
        return List.copyOf(last.values());
    }

    /** Runs {@code action} once the current transaction has committed, or now when there is none. */
    public static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
