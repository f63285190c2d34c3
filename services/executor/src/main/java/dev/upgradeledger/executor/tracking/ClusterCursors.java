package dev.upgradeledger.executor.tracking;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remembers, per cluster, the last event the executor has seen. An event at or below it (redelivered, or republished
 * by a replay) is recognised and changes nothing; only a newer one moves the cursor.
 */
@Component
public class ClusterCursors {

    private final JdbcClient jdbc;
    private final MeterRegistry meters;

    ClusterCursors(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** @return whether the event was new to the executor */
    @Transactional
    public boolean observe(EventEnvelope envelope) {
        int moved = jdbc.sql("""
                        insert into cluster_cursor (cluster_id, last_sequence, last_position, last_event_id,
                            last_event_type, events_seen, updated_at)
                        values (?, ?, ?, ?, ?, 1, ?)
                        on conflict (cluster_id) do update set
                            last_sequence = excluded.last_sequence, last_position = excluded.last_position,
                            last_event_id = excluded.last_event_id, last_event_type = excluded.last_event_type,
                            events_seen = cluster_cursor.events_seen + 1, updated_at = excluded.updated_at
                        where cluster_cursor.last_sequence < excluded.last_sequence""")
                .params(envelope.clusterId().value(), envelope.sequence(), envelope.position(), envelope.eventId(),
                        envelope.eventType(), Timestamp.from(Instant.now()))
                .update();
        meters.counter("ledger.executor.events", "outcome", moved == 1 ? "new" : "duplicate",
                "type", envelope.eventType()).increment();
        return moved == 1;
    }

    @Transactional(readOnly = true)
    public List<ClusterCursor> all() {
        return jdbc.sql("select * from cluster_cursor order by cluster_id").query(ClusterCursor.class).list();
    }

    @Transactional(readOnly = true)
    public Optional<ClusterCursor> of(ClusterId clusterId) {
        return jdbc.sql("select * from cluster_cursor where cluster_id = ?")
                .param(clusterId.value())
                .query(ClusterCursor.class)
                .optional();
    }

    /** The executor's reading position in one cluster's history; {@code eventsSeen} counts distinct events. */
    public record ClusterCursor(String clusterId, long lastSequence, long lastPosition, String lastEventId,
                                String lastEventType, long eventsSeen, Instant updatedAt) {
    }
}
