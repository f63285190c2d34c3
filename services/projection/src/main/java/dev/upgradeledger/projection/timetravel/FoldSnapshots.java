package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.events.ClusterId;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fold snapshots of the clusters ({@code fold_snapshot}): the state of {@link ClusterStateFold} after every N-th
 * event of a cluster, as JSON, written by {@link FoldSnapshotProjection}, read by {@link TimeTravel} to start a fold
 * there instead of at the registration.
 */
@Repository
public class FoldSnapshots {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    FoldSnapshots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest fold snapshot of the cluster at or before {@code sequence}, empty when there is none. */
    public Optional<ClusterStateFold.Snapshot> newestAtOrBefore(ClusterId clusterId, long sequence) {
        return jdbc.sql("""
                        select state from fold_snapshot where cluster_id = ? and sequence <= ?
                        order by sequence desc limit 1""")
                .params(clusterId.value(), sequence)
                .query(String.class).optional().map(FoldSnapshots::read);
    }

    static String write(ClusterStateFold.Snapshot snapshot) {
        return JSON.writeValueAsString(snapshot);
    }

    static ClusterStateFold.Snapshot read(String json) {
        return JSON.readValue(json, ClusterStateFold.Snapshot.class);
    }
}
