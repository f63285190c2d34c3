package dev.upgradeledger.projection.history;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.projection.BatchUpsert;
import dev.upgradeledger.projection.ReadModel;
import dev.upgradeledger.projection.ReadModelTarget;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every event of a cluster with its audit trail and the upgrade, node and step it concerns, under the next
 * stream id (a batch takes its ids with one update of the counter, in the batch's order), and announces each to the
 * live stream once the transaction has committed (only when the live tables are written, not during a side-by-side
 * rebuild). Runs after the other read models: taking the stream ids locks the counter's row until the commit, and
 * concurrent listeners wait for it, so the lock is taken as late as possible (the stream ids follow commit order).
 */
@Component
@Order(10)
class HistoryProjection implements ReadModel {

    private static final BatchUpsert INSERT = BatchUpsert.insert("history_event", List.of(
            new BatchUpsert.Column("cluster_id", Types.VARCHAR), new BatchUpsert.Column("sequence", Types.BIGINT),
            new BatchUpsert.Column("position", Types.BIGINT), new BatchUpsert.Column("event_id", Types.VARCHAR),
            new BatchUpsert.Column("event_type", Types.VARCHAR), new BatchUpsert.Column("occurred_at", Types.TIMESTAMP),
            new BatchUpsert.Column("actor", Types.VARCHAR), new BatchUpsert.Column("correlation_id", Types.VARCHAR),
            new BatchUpsert.Column("causation_id", Types.VARCHAR), new BatchUpsert.Column("upgrade_id", Types.VARCHAR),
            new BatchUpsert.Column("node_id", Types.VARCHAR), new BatchUpsert.Column("step_id", Types.VARCHAR),
            BatchUpsert.Column.jsonb("payload"), new BatchUpsert.Column("stream_id", Types.BIGINT)));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ApplicationEventPublisher announcements;
    private final JsonMapper json = JsonMapper.builder().build();

    HistoryProjection(JdbcClient jdbc, JdbcTemplate batch, ApplicationEventPublisher announcements) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.announcements = announcements;
    }

    @Override
    public void apply(List<EventEnvelope> events) {
        long last = jdbc.sql("update stream_counter set value = value + ? where id = 1 returning value")
                .param(events.size()).query(Long.class).single();
        long streamId = last - events.size();
        List<Object[]> rows = BatchUpsert.rows();
        List<HistoryRecorded> recorded = new ArrayList<>(events.size());
        for (EventEnvelope envelope : events) {
            streamId++;
            JsonNode payload = json.valueToTree(envelope.payload());
            HistoryEntry entry = new HistoryEntry(envelope.sequence(), envelope.position(), envelope.eventId(),
                    envelope.eventType(), envelope.timestamp(), envelope.actor(), envelope.correlationId(),
                    envelope.causationId(), text(payload, "upgradeId"), text(payload, "nodeId"),
                    text(payload, "stepId"), payload);
            rows.add(new Object[] {envelope.clusterId().value(), entry.sequence(), entry.position(), entry.eventId(),
                    entry.eventType(), Timestamp.from(entry.occurredAt()), entry.actor(), entry.correlationId(),
                    entry.causationId(), entry.upgradeId(), entry.nodeId(), entry.stepId(),
                    json.writeValueAsString(payload), streamId});
            recorded.add(new HistoryRecorded(envelope.clusterId().value(), streamId, entry));
        }
        INSERT.write(batch, rows);
        if (ReadModelTarget.isLive()) {
            announcements.publishEvent(new HistoryBatchRecorded(recorded));
        }
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
