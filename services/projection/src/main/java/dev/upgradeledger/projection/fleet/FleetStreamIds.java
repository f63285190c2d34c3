package dev.upgradeledger.projection.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gives the fleet events just applied their stream ids and announces them to the live stream after the commit. Stream
 * ids follow the order of commits: every transaction that takes them holds one advisory lock until it ends (the fleet
 * listener's threads and replicas take turns for these few statements).
 */
@Component
class FleetStreamIds {

    /** The advisory lock's key: any constant the other locks of this database do not use. */
    private static final long LOCK = 0x666c656574L;

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    FleetStreamIds(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Numbers the fleet's events {@code first..last} (applied in this transaction) and announces them. */
    void applied(String fleetId, long first, long last) {
        jdbc.queryForObject("select 1 from pg_advisory_xact_lock(?)", Integer.class, LOCK);
        List<FleetStreamEvent> applied = new ArrayList<>(jdbc.query("""
                update fleet_event e set stream_id = n.base + (e.sequence - ?) + 1
                from (select coalesce(max(stream_id), 0) as base from fleet_event) n
                where e.fleet_id = ? and e.sequence between ? and ?
                returning\s""" + FleetStreamEvent.COLUMNS, (rs, n) -> FleetStreamEvent.read(rs),
                first, fleetId, first, last));
        applied.sort(Comparator.comparingLong(FleetStreamEvent::sequence));
        events.publishEvent(new FleetEventsApplied(applied));
    }
}
