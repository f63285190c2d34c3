package dev.upgradeledger.projection.history;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.projection.ReadModel;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Records every event of a cluster with its audit trail and the upgrade, node and step it concerns. */
@Component
class HistoryProjection implements ReadModel {

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    HistoryProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(EventEnvelope envelope) {
        JsonNode payload = json.valueToTree(envelope.payload());
        jdbc.sql("""
                        insert into history_event (cluster_id, sequence, position, event_id, event_type, occurred_at,
                            actor, correlation_id, causation_id, upgrade_id, node_id, step_id, payload)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))""")
                .params(envelope.clusterId().value(), envelope.sequence(), envelope.position(), envelope.eventId(),
                        envelope.eventType(), Timestamp.from(envelope.timestamp()), envelope.actor(),
                        envelope.correlationId(), envelope.causationId(), text(payload, "upgradeId"),
                        text(payload, "nodeId"), text(payload, "stepId"), json.writeValueAsString(payload))
                .update();
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
