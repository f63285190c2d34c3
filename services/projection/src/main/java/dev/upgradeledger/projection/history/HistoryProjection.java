package dev.upgradeledger.projection.history;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.projection.BatchUpsert;
import dev.upgradeledger.projection.ReadModel;
import dev.upgradeledger.projection.ReadModelTarget;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every event of a cluster with its audit trail, its payload as JSON (the record's own text when it has today's
 * shape, see {@link #payload}) and the upgrade, node and step it concerns (its payload's
 * top-level {@code upgradeId}, {@code nodeId} and {@code stepId}, see {@link PayloadSubject}), under the next stream id
 * (a batch takes its ids with one update of the counter, in the batch's order), written with one {@code COPY}, and
 * announces the batch to the live stream once the transaction has committed (only when the live tables are written,
 * not during a side-by-side rebuild). Runs after the other read models: taking the stream ids locks the counter's row
 * until the commit, and concurrent listeners wait for it, so the lock is taken as late as possible (the stream ids
 * follow commit order).
 */
@Component
@Order(10)
class HistoryProjection implements ReadModel {

    private static final BatchUpsert.Copy COPY = BatchUpsert.copy("history_event", List.of(
            new BatchUpsert.Column("cluster_id", Types.VARCHAR), new BatchUpsert.Column("sequence", Types.BIGINT),
            new BatchUpsert.Column("position", Types.BIGINT), new BatchUpsert.Column("event_id", Types.VARCHAR),
            new BatchUpsert.Column("event_type", Types.VARCHAR), new BatchUpsert.Column("occurred_at", Types.TIMESTAMP),
            new BatchUpsert.Column("actor", Types.VARCHAR), new BatchUpsert.Column("correlation_id", Types.VARCHAR),
            new BatchUpsert.Column("causation_id", Types.VARCHAR), new BatchUpsert.Column("upgrade_id", Types.VARCHAR),
            new BatchUpsert.Column("node_id", Types.VARCHAR), new BatchUpsert.Column("step_id", Types.VARCHAR),
            BatchUpsert.Column.jsonb("payload"), new BatchUpsert.Column("trace_id", Types.VARCHAR),
            new BatchUpsert.Column("stream_id", Types.BIGINT)));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ApplicationEventPublisher announcements;
    private final JsonMapper json = JsonMapper.builder().build();
    private final PayloadSubject subjects = new PayloadSubject(json);

    HistoryProjection(JdbcClient jdbc, JdbcTemplate batch, ApplicationEventPublisher announcements) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.announcements = announcements;
    }

    @Override
    public void apply(List<EventEnvelope> events) {
        apply(events, envelope -> null);
    }

    @Override
    public void apply(List<EventEnvelope> events, Function<EventEnvelope, String> payloadTexts) {
        boolean live = ReadModelTarget.isLive();
        List<Object[]> rows = new ArrayList<>(events.size());
        List<HistoryRecorded> recorded = new ArrayList<>(live ? events.size() : 0);
        for (EventEnvelope envelope : events) {
            String upgradeId = subjects.text(envelope.payload(), PayloadSubject.UPGRADE_ID);
            String nodeId = subjects.text(envelope.payload(), PayloadSubject.NODE_ID);
            String stepId = subjects.text(envelope.payload(), PayloadSubject.STEP_ID);
            rows.add(new Object[] {envelope.clusterId().value(), envelope.sequence(), envelope.position(),
                    envelope.eventId(), envelope.eventType(), Timestamp.from(envelope.timestamp()), envelope.actor(),
                    envelope.correlationId(), envelope.causationId(), upgradeId, nodeId, stepId,
                    payload(envelope, payloadTexts.apply(envelope)), envelope.traceId(), null});
        }
        long last = jdbc.sql("update stream_counter set value = value + ? where id = 1 returning value")
                .param(events.size()).query(Long.class).single();
        long streamId = last - events.size();
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            row[row.length - 1] = ++streamId;
            if (live) {
                recorded.add(new HistoryRecorded((String) row[0], streamId, events.get(i), (String) row[9],
                        (String) row[10], (String) row[11]));
            }
        }
        COPY.write(batch, rows);
        if (live) {
            announcements.publishEvent(new HistoryBatchRecorded(recorded));
        }
    }

    /**
     * The payload's JSON: the record's own text when it has the shape this version writes (the record's revision is
     * the event class's: written by the same record and serializers), else the decoded event written again (an older
     * revision is stored in today's shape, as the event reads).
     */
    private String payload(EventEnvelope envelope, String carried) {
        if (carried != null && Objects.equals(envelope.eventRevision(),
                LedgerEvents.revision(envelope.payload().getClass()))) {
            return carried;
        }
        return json.writeValueAsString(envelope.payload());
    }
}
