package dev.upgradeledger.projection.groups;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.DiscoveryGroupName;
import dev.upgradeledger.projection.clusterstatus.ClusterNotFoundException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads which cluster manages each discovery group of a cluster, and the groups a cluster manages elsewhere. */
@Component
public class DiscoveryGroups {

    /**
     * One discovery group and its manager.
     *
     * @param homeClusterId    the cluster whose nodes carry the group
     * @param group            the group's name ({@code default} for nodes without one)
     * @param managerClusterId the cluster that manages it now, null while nobody does (between a live move's release
     *                         and claim)
     * @param epoch            raised by every claim and release; 0 while nothing was recorded
     * @param upgradeId        the live move that last changed it, null for a claim or release by command
     * @param stepId           that move's step
     * @param changedAt        when it last changed, null while nothing was recorded
     */
    public record Group(String homeClusterId, String group, String managerClusterId, long epoch, String upgradeId,
                        String stepId, Instant changedAt) {
    }

    /**
     * @param clusterId the cluster asked about
     * @param groups    its own discovery groups, by name, with their managers
     * @param managing  the groups of other clusters it manages now
     */
    public record ClusterGroups(String clusterId, List<Group> groups, List<Group> managing) {
    }

    private final JdbcClient jdbc;

    DiscoveryGroups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ClusterGroups of(ClusterId clusterId) {
        String id = clusterId.value();
        boolean known = jdbc.sql("select count(*) from cluster_status where cluster_id = ?").param(id)
                .query(Long.class).single() > 0;
        if (!known) {
            throw new ClusterNotFoundException(clusterId);
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        jdbc.sql("select distinct coalesce(node_group, ?) from node_status where cluster_id = ? order by 1")
                .params(DiscoveryGroupName.DEFAULT, id).query(String.class).list()
                .forEach(group -> groups.put(group, new Group(id, group, id, 0, null, null, null)));
        recorded("cluster_id = ?", id).forEach(group -> groups.put(group.group(), group));
        List<Group> managing = recorded("manager_cluster_id = ? and cluster_id <> ?", id, id);
        return new ClusterGroups(id, groups.values().stream()
                .sorted(java.util.Comparator.comparing(Group::group)).toList(), managing);
    }

    private List<Group> recorded(String where, Object... params) {
        return jdbc.sql("select cluster_id, group_name, manager_cluster_id, epoch, upgrade_id, step_id, changed_at"
                        + " from discovery_group where " + where + " order by cluster_id, group_name")
                .params(params)
                .query((rs, row) -> new Group(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()))
                .list();
    }
}
