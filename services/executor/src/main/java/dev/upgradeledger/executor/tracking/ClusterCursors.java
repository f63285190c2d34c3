package dev.upgradeledger.executor.tracking;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate batches;
    private final MeterRegistry meters;

    ClusterCursors(JdbcClient jdbc, JdbcTemplate batches, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.meters = meters;
    }

    private static final String OBSERVE = """
                        insert into cluster_cursor (cluster_id, last_sequence, last_position, last_event_id,
                            last_event_type, events_seen, updated_at)
                        values (?, ?, ?, ?, ?, 1, ?)
                        on conflict (cluster_id) do update set
                            last_sequence = excluded.last_sequence, last_position = excluded.last_position,
                            last_event_id = excluded.last_event_id, last_event_type = excluded.last_event_type,
                            events_seen = cluster_cursor.events_seen + 1, updated_at = excluded.updated_at
                        where cluster_cursor.last_sequence < excluded.last_sequence""";

    /** @return whether the event was new to the executor */
    @Transactional
    public boolean observe(EventEnvelope envelope) {
        int moved = jdbc.sql(OBSERVE)
                .params(envelope.clusterId().value(), envelope.sequence(), envelope.position(), envelope.eventId(),
                        envelope.eventType(), Timestamp.from(Instant.now()))
                .update();
        meters.counter("ledger.executor.events", "outcome", moved == 1 ? "new" : "duplicate",
                "type", envelope.eventType()).increment();
        return moved == 1;
    }

    /**
     * {@link #observe} for every event of a poll, in order, sent to the database as one JDBC batch (one round trip
     * instead of one per event); the cursors move exactly as they would one event at a time (a later event of the same
     * cluster in the batch sees the cursor its predecessor moved).
     *
     * @return for each event, whether it was new to the executor
     */
    @Transactional
    public boolean[] observeAll(List<EventEnvelope> envelopes) {
        if (envelopes.size() == 1) {
            return new boolean[] {observe(envelopes.get(0))};
        }
        Timestamp now = Timestamp.from(Instant.now());
        int[] moved = batches.batchUpdate(OBSERVE, envelopes.stream().map(envelope -> new Object[] {
                envelope.clusterId().value(), envelope.sequence(), envelope.position(), envelope.eventId(),
                envelope.eventType(), now}).toList());
        boolean[] fresh = new boolean[envelopes.size()];
        for (int index = 0; index < fresh.length; index++) {
            if (moved[index] != 0 && moved[index] != 1) {
                // e.g. Statement.SUCCESS_NO_INFO from a driver that rewrites batched inserts: the batch is rolled back
                // and the caller takes the events in one at a time
                throw new IllegalStateException("the database did not report which cursors moved (update count "
                        + moved[index] + "); reWriteBatchedInserts must stay off for the executor");
            }
            fresh[index] = moved[index] == 1;
            meters.counter("ledger.executor.events", "outcome", fresh[index] ? "new" : "duplicate",
                    "type", envelopes.get(index).eventType()).increment();
        }
        return fresh;
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
