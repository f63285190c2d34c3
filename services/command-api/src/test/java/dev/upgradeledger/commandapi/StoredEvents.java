package dev.upgradeledger.commandapi;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the event store holds for one cluster, read straight from its table. */
final class StoredEvents {

    private final JdbcClient jdbc;

    StoredEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    int count(String clusterId) {
        return jdbc.sql("select count(*) from domainevententry where aggregateidentifier = ?")
                .param(clusterId).query(Integer.class).single();
    }

    /** The ids of every event stored for the clusters. */
    Set<String> eventIds(Collection<String> clusterIds) {
        return new HashSet<>(jdbc.sql("select eventidentifier from domainevententry where aggregateidentifier in (:ids)")
                .param("ids", List.copyOf(clusterIds)).query(String.class).list());
    }

    /** The simple type names of the cluster's events, in order. */
    List<String> types(String clusterId) {
        return jdbc.sql("select payloadtype from domainevententry where aggregateidentifier = ? order by sequencenumber")
                .param(clusterId).query(String.class).list().stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    /** The stages of the cluster's first stored plan ({@code UpgradePlanned}), written out (no runs). */
    int planStages(String clusterId) {
        return jdbc.sql("select jsonb_array_length(convert_from(payload, 'UTF8')::jsonb -> 'plan' -> 'stages')"
                        + " from domainevententry where aggregateidentifier = ? and payloadtype like '%.UpgradePlanned'"
                        + " order by sequencenumber limit 1")
                .param(clusterId).query(Integer.class).single();
    }

    /** The started steps of the cluster, in order: (step id, attempt, manager epoch) from each StepStarted. */
    List<Started> started(String clusterId) {
        return jdbc.sql("select p ->> 'stepId', (p ->> 'attempt')::int, (p ->> 'managerEpoch')::bigint from ("
                        + "select convert_from(payload, 'UTF8')::jsonb as p, sequencenumber from domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like '%.StepStarted') s order by sequencenumber")
                .param(clusterId)
                .query((rs, row) -> new Started(rs.getString(1), rs.getInt(2), rs.getLong(3))).list();
    }

    record Started(String stepId, int attempt, long managerEpoch) {
    }

    /** The event metadata of the cluster's events (JSON text), in order: who caused each. */
    List<String> metadata(String clusterId) {
        return jdbc.sql("select convert_from(metadata, 'UTF8') from domainevententry where aggregateidentifier = ?"
                        + " order by sequencenumber")
                .param(clusterId).query(String.class).list();
    }
}
