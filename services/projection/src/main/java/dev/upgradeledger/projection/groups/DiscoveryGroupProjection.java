package dev.upgradeledger.projection.groups;

import dev.upgradeledger.events.DiscoveryGroupClaimed;
import dev.upgradeledger.events.DiscoveryGroupReleased;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.projection.ReadModel;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The discovery groups' managers: a row per group whose manager was recorded, moved by {@link DiscoveryGroupClaimed}
 * and {@link DiscoveryGroupReleased}. A row only moves to a higher epoch, so an event applied twice changes nothing.
 */
@Component
class DiscoveryGroupProjection implements ReadModel {

    private final JdbcTemplate jdbc;

    DiscoveryGroupProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(List<EventEnvelope> events) {
        List<Object[]> rows = new ArrayList<>();
        for (EventEnvelope envelope : events) {
            if (envelope.payload() instanceof DiscoveryGroupClaimed claimed) {
                rows.add(row(envelope, claimed.group(), claimed.managerClusterId().value(), claimed.epoch(),
                        claimed.upgradeId() == null ? null : claimed.upgradeId().value(), claimed.stepId()));
            } else if (envelope.payload() instanceof DiscoveryGroupReleased released) {
                rows.add(row(envelope, released.group(), null, released.epoch(),
                        released.upgradeId() == null ? null : released.upgradeId().value(), released.stepId()));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into discovery_group (cluster_id, group_name, manager_cluster_id, epoch, upgrade_id, step_id,
                                             changed_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (cluster_id, group_name) do update set manager_cluster_id = excluded.manager_cluster_id,
                    epoch = excluded.epoch, upgrade_id = excluded.upgrade_id, step_id = excluded.step_id,
                    changed_at = excluded.changed_at
                where discovery_group.epoch < excluded.epoch""", rows);
    }

    private static Object[] row(EventEnvelope envelope, String group, String manager, long epoch, String upgradeId,
                                String stepId) {
        return new Object[] {envelope.clusterId().value(), group, manager, epoch, upgradeId, stepId,
                Timestamp.from(envelope.timestamp())};
    }
}
