package dev.upgradeledger.projection.history;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.projection.clusterstatus.ClusterNotFoundException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional(readOnly = true)
public class HistoryQueries {

    private final JdbcClient jdbc;

    HistoryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of the cluster's history in sequence order; {@code next} is the {@code after} of the next page. */
    public HistoryPage history(ClusterId clusterId, HistoryFilter filter) {
        requireKnown(clusterId);
        StringBuilder sql = new StringBuilder("select " + HistoryRows.COLUMNS
                + " from history_event where cluster_id = ? and sequence > ?");
        List<Object> params = new ArrayList<>(List.of(clusterId.value(), filter.after()));
        if (!filter.types().isEmpty()) {
            sql.append(" and event_type in (").append("?,".repeat(filter.types().size() - 1)).append("?)");
            params.addAll(filter.types());
        }
        condition(sql, params, " and occurred_at >= ?", filter.from() == null ? null : Timestamp.from(filter.from()));
        condition(sql, params, " and occurred_at < ?", filter.to() == null ? null : Timestamp.from(filter.to()));
        condition(sql, params, " and upgrade_id = ?", filter.upgradeId());
        condition(sql, params, " and node_id = ?", filter.nodeId());
        condition(sql, params, " and actor = ?", filter.actor());
        sql.append(" order by sequence limit ?");
        params.add(filter.limit() + 1);
        List<HistoryEntry> rows = jdbc.sql(sql.toString()).params(params).query(HistoryRows::entry).list();
        boolean more = rows.size() > filter.limit();
        List<HistoryEntry> page = more ? rows.subList(0, filter.limit()) : rows;
        return new HistoryPage(clusterId.value(), List.copyOf(page),
                more ? String.valueOf(page.get(page.size() - 1).sequence()) : null);
    }

    private void requireKnown(ClusterId clusterId) {
        boolean known = jdbc.sql("select count(*) from projection_cursor where cluster_id = ?")
                .param(clusterId.value()).query(Integer.class).single() > 0;
        if (!known) {
            throw new ClusterNotFoundException(clusterId);
        }
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            params.add(value);
        }
    }

    /** @param next the {@code after} value for the next page, null on the last page */
    public record HistoryPage(String clusterId, List<HistoryEntry> events, String next) {
    }
}
