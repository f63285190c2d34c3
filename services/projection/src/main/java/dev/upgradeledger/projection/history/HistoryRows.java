package dev.upgradeledger.projection.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import tools.jackson.databind.json.JsonMapper;

/** How a {@code history_event} row is selected and read, for every reader of the history. */
public final class HistoryRows {

    /** The columns {@link #entry} reads, for a {@code select} from {@code history_event}. */
    public static final String COLUMNS = """
            sequence, position, event_id, event_type, occurred_at, actor, correlation_id, causation_id,
            upgrade_id, node_id, step_id, payload::text as payload, trace_id""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HistoryRows() {
    }

    public static HistoryEntry entry(ResultSet rs, int row) throws SQLException {
        return new HistoryEntry(rs.getLong("sequence"), rs.getLong("position"), rs.getString("event_id"),
                rs.getString("event_type"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
                rs.getString("correlation_id"), rs.getString("causation_id"), rs.getString("upgrade_id"),
                rs.getString("node_id"), rs.getString("step_id"), JSON.readTree(rs.getString("payload")),
                rs.getString("trace_id"));
    }
}
