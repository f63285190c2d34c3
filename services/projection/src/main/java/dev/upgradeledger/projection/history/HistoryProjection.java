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
 * rebuild).
 */
@Component
@Order(1)
class HistoryProjection implements ReadModel {

    private static final String INSERT = """
            insert into history_event (cluster_id, sequence, position, event_id, event_type, occurred_at, actor,
                correlation_id, causation_id, upgrade_id, node_id, step_id, payload, stream_id)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)""";
    private static final int[] TYPES = {Types.VARCHAR, Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.VARCHAR,
            Types.TIMESTAMP, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.VARCHAR, Types.BIGINT};

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
        batch.batchUpdate(INSERT, rows, TYPES);
        if (ReadModelTarget.isLive()) {
            recorded.forEach(announcements::publishEvent);
        }
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
