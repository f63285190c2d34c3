package dev.upgradeledger.projection.history;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.projection.ReadModel;
import dev.upgradeledger.projection.ReadModelTarget;
import java.sql.Timestamp;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every event of a cluster with its audit trail and the upgrade, node and step it concerns, under the next
 * stream id, and announces it to the live stream once the transaction has committed (only when the live tables are
 * written, not during a side-by-side rebuild).
 */
@Component
class HistoryProjection implements ReadModel {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher announcements;
    private final JsonMapper json = JsonMapper.builder().build();

    HistoryProjection(JdbcClient jdbc, ApplicationEventPublisher announcements) {
        this.jdbc = jdbc;
        this.announcements = announcements;
    }

    @Override
    public void apply(EventEnvelope envelope) {
        JsonNode payload = json.valueToTree(envelope.payload());
        HistoryEntry entry = new HistoryEntry(envelope.sequence(), envelope.position(), envelope.eventId(),
                envelope.eventType(), envelope.timestamp(), envelope.actor(), envelope.correlationId(),
                envelope.causationId(), text(payload, "upgradeId"), text(payload, "nodeId"), text(payload, "stepId"),
                payload);
        long streamId = jdbc.sql("update stream_counter set value = value + 1 where id = 1 returning value")
                .query(Long.class).single();
        jdbc.sql("""
                        insert into history_event (cluster_id, sequence, position, event_id, event_type, occurred_at,
                            actor, correlation_id, causation_id, upgrade_id, node_id, step_id, payload, stream_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)""")
                .params(envelope.clusterId().value(), entry.sequence(), entry.position(), entry.eventId(),
                        entry.eventType(), Timestamp.from(entry.occurredAt()), entry.actor(), entry.correlationId(),
                        entry.causationId(), entry.upgradeId(), entry.nodeId(), entry.stepId(),
                        json.writeValueAsString(payload), streamId)
                .update();
        if (ReadModelTarget.isLive()) {
            announcements.publishEvent(new HistoryRecorded(envelope.clusterId().value(), streamId, entry));
        }
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
