package dev.upgradeledger.projection;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies each event to every {@link ReadModel} exactly once: a per-cluster cursor remembers the last sequence
 * applied, and an event at or below it (a redelivery, a republished history) changes nothing. The cursor and all read
 * models move in one transaction, together with the Kafka offset of the record that carried the event
 * ({@link ConsumedOffsets}), so that the read models always say exactly which records they include.
 */
@Component
public class ReadModels {

    private static final Logger log = LoggerFactory.getLogger(ReadModels.class);

    private final JdbcClient jdbc;
    private final List<ReadModel> models;
    private final MeterRegistry meters;
    private final ConsumedOffsets offsets;
    private final ApplicationEventPublisher announcements;

    ReadModels(JdbcClient jdbc, List<ReadModel> models, MeterRegistry meters, ConsumedOffsets offsets,
               ApplicationEventPublisher announcements) {
        this.jdbc = jdbc;
        this.models = models;
        this.meters = meters;
        this.offsets = offsets;
        this.announcements = announcements;
    }

    /** Applies an event that came from no Kafka record (tests, tools): no offset is recorded. */
    @Transactional
    public void apply(EventEnvelope envelope) {
        apply(envelope, null);
    }

    /**
     * Applies the event carried by the Kafka record at {@code source}, and records that offset, in one transaction
     * (the caller's, when there is one).
     */
    @Transactional
    public void apply(EventEnvelope envelope, @Nullable ConsumedOffset source) {
        if (source != null) {
            offsets.record(source);
        }
        String clusterId = envelope.clusterId().value();
        long applied = jdbc.sql("select last_sequence from projection_cursor where cluster_id = ? for update")
                .param(clusterId).query(Long.class).optional().orElse(-1L);
        if (envelope.sequence() <= applied) {
            meters.counter("ledger.projection.events", "outcome", "duplicate", "type", envelope.eventType()).increment();
            return;
        }
        if (applied < 0 && !(envelope.payload() instanceof ClusterRegistered)) {
            log.warn("Cluster {} has no registration before event {} ({}); skipped", clusterId, envelope.sequence(),
                    envelope.eventType());
            return;
        }
        if (envelope.sequence() != applied + 1) {
            log.warn("Cluster {} jumps from event {} to {}: events are missing upstream", clusterId, applied,
                    envelope.sequence());
            meters.counter("ledger.projection.sequence-gaps").increment();
        }
        models.forEach(model -> model.apply(envelope));
        jdbc.sql("""
                        insert into projection_cursor (cluster_id, last_sequence, last_position) values (?, ?, ?)
                        on conflict (cluster_id) do update set last_sequence = excluded.last_sequence,
                            last_position = excluded.last_position""")
                .params(clusterId, envelope.sequence(), envelope.position())
                .update();
        meters.counter("ledger.projection.events", "outcome", "applied", "type", envelope.eventType()).increment();
        if (ReadModelTarget.isLive()) {
            announcements.publishEvent(new EventApplied(clusterId, envelope.sequence(), envelope.position()));
        }
    }
}
