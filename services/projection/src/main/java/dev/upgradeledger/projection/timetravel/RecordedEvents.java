package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads a cluster's recorded events back from the history read model ({@code history_event}) as the envelopes they
 * were published in, the payload decoded by the service's {@link EnvelopeCodec}. Call inside a read-only transaction:
 * PostgreSQL then streams a long history through a cursor, {@value #FETCH_SIZE} rows at a time.
 */
@Repository
public class RecordedEvents {

    static final int FETCH_SIZE = 500;

    private static final String COLUMNS = """
            cluster_id, sequence, position, event_id, event_type, occurred_at, actor, correlation_id, causation_id,
            payload::text as payload, trace_id""";

    private final JdbcClient jdbc;
    private final EnvelopeCodec codec;

    RecordedEvents(JdbcClient jdbc, EnvelopeCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /** The last sequence of the cluster the projection applied, empty when it does not know the cluster. */
    public Optional<Long> lastSequence(ClusterId clusterId) {
        return jdbc.sql("select last_sequence from projection_cursor where cluster_id = ?")
                .param(clusterId.value()).query(Long.class).optional();
    }

    /** The sequence of the last event stored at or before {@code at}, empty when none was. */
    public Optional<Long> lastSequenceAt(ClusterId clusterId, Instant at) {
        long sequence = jdbc.sql("""
                        select coalesce(max(sequence), -1) from history_event
                        where cluster_id = ? and occurred_at <= ?""")
                .params(clusterId.value(), Timestamp.from(at)).query(Long.class).single();
        return sequence < 0 ? Optional.empty() : Optional.of(sequence);
    }

    /** When the cluster's first recorded event was stored, empty when none is recorded. */
    public Optional<Instant> firstRecordedAt(ClusterId clusterId) {
        return jdbc.sql("select occurred_at from history_event where cluster_id = ? order by sequence limit 1")
                .param(clusterId.value()).query(Timestamp.class).optional().map(Timestamp::toInstant);
    }

    /** Hands the cluster's events {@code from} to {@code to} (inclusive) to {@code each}, in sequence order, streamed. */
    public void forEach(ClusterId clusterId, long from, long to, Consumer<EventEnvelope> each) {
        jdbc.sql("select " + COLUMNS + " from history_event where cluster_id = ? and sequence between ? and ?"
                        + " order by sequence")
                .params(clusterId.value(), from, to)
                .withFetchSize(FETCH_SIZE)
                .query((RowCallbackHandler) rs -> each.accept(envelope(rs)));
    }

    /** The cluster's events {@code from} to {@code to} (inclusive), in sequence order. */
    public List<EventEnvelope> list(ClusterId clusterId, long from, long to) {
        return jdbc.sql("select " + COLUMNS + " from history_event where cluster_id = ? and sequence between ? and ?"
                        + " order by sequence")
                .params(clusterId.value(), from, to)
                .withFetchSize(FETCH_SIZE)
                .query((rs, row) -> envelope(rs))
                .list();
    }

    private EventEnvelope envelope(ResultSet rs) throws SQLException {
        String type = rs.getString("event_type");
        LedgerEvent payload = codec.decodePayload(type, rs.getString("payload"));
        return new EventEnvelope(rs.getString("event_id"), type, LedgerEvents.revision(payload.getClass()),
                ClusterId.of(rs.getString("cluster_id")), rs.getLong("sequence"), rs.getLong("position"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("correlation_id"),
                rs.getString("causation_id"), rs.getString("actor"), payload, null, null, rs.getString("trace_id"));
    }
}
