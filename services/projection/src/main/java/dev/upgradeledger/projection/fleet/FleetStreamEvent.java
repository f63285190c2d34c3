package dev.upgradeledger.projection.fleet;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A fleet event on the live stream: its stream id (the SSE id), its fleet and place in the fleet's sequence, and the
 * event as published on {@code ledger.fleet-events}.
 */
@Schema(name = "FleetStreamEvent")
public record FleetStreamEvent(long streamId, String fleetId, long sequence, String eventType, Instant occurredAt,
                               String actor, String correlationId, JsonNode payload) {

    /** The columns of {@code fleet_event} that {@link #read} reads, in its order. */
    public static final String COLUMNS = "stream_id, fleet_id, sequence, event_type, occurred_at, actor,"
            + " correlation_id, payload::text";

    /** A row of {@link #COLUMNS}. */
    public static FleetStreamEvent read(ResultSet rs) throws SQLException {
        return new FleetStreamEvent(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7),
                FleetEventsListener.JSON.readTree(rs.getString(8)));
    }
}
