package dev.upgradeledger.projection.recovery;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read models' secondary indexes that no batch reads while it applies events (the history's by time, upgrade,
 * correlation and stream id; the cluster, node and upgrade lists' filters), dropped while a FULL rebuild refills the
 * tables and built again, once, at its end: each row then updates its primary key and the indexes the batches
 * query, instead of every index. What was dropped is kept in the bookkeeping table {@code deferred_index} with its
 * definition as the catalog gave it, so that a projection that stops during the rebuild builds them at its next
 * start (before its listeners), and queries during the rebuild are only slower, never wrong.
 */
@Component
public class DeferredIndexes implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DeferredIndexes.class);

    /** The indexes dropped during a FULL rebuild: none of them is read by applying a batch. */
    static final List<String> DEFERRABLE = List.of("history_event_time", "history_event_upgrade",
            "history_event_correlation", "history_event_stream_id", "node_status_version", "cluster_status_product",
            "upgrade_progress_upgrade", "upgrade_progress_newest", "upgrade_progress_status", "cluster_status_labels");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ProjectionSchemas schemas;

    DeferredIndexes(JdbcClient jdbc, TransactionTemplate transactions, ProjectionSchemas schemas) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.schemas = schemas;
    }

    /** Drops the deferrable indexes of {@code schema}, remembering their definitions, in one transaction. */
    public List<String> defer(String schema) {
        return transactions.execute(status -> {
            String table = Sql.identifier(schema) + ".deferred_index";
            List<String> names = jdbc.sql("insert into " + table + " (index_name, definition)"
                            + " select indexname, indexdef from pg_indexes where schemaname = ? and indexname = any(?)"
                            + " on conflict (index_name) do nothing returning index_name")
                    .params(schema, DEFERRABLE.toArray(String[]::new))
                    .query(String.class).list();
            names.forEach(name -> jdbc.sql("drop index " + Sql.identifier(schema) + "." + Sql.identifier(name))
                    .update());
            return names;
        });
    }

    /** Builds every index of {@code schema} that a rebuild deferred, one transaction each; returns how many. */
    public int restore(String schema) {
        String table = Sql.identifier(schema) + ".deferred_index";
        List<String[]> deferred = jdbc.sql("select index_name, definition from " + table + " order by index_name")
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        for (String[] index : deferred) {
            long began = System.nanoTime();
            transactions.executeWithoutResult(status -> {
                jdbc.sql(ifNotExists(index[1])).update();
                jdbc.sql("delete from " + table + " where index_name = ?").param(index[0]).update();
            });
            log.info("Built index {}.{} deferred by a rebuild in {} ms", schema, index[0],
                    (System.nanoTime() - began) / 1_000_000);
        }
        return deferred.size();
    }

    /** {@code pg_indexes.indexdef} ({@code CREATE [UNIQUE] INDEX name ON ...}) made to skip an index that exists. */
    static String ifNotExists(String definition) {
        for (String prefix : List.of("CREATE UNIQUE INDEX ", "CREATE INDEX ")) {
            if (definition.startsWith(prefix) && !definition.startsWith(prefix + "IF NOT EXISTS ")) {
                return prefix + "IF NOT EXISTS " + definition.substring(prefix.length());
            }
        }
        return definition;
    }

    /** At start-up, before the listeners start: the indexes of a rebuild that did not get to its end. */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            int built = restore(schemas.live());
            if (built > 0) {
                log.warn("Built {} indexes that a FULL rebuild had deferred and not built again (the projection"
                        + " stopped during the rebuild)", built);
            }
        } catch (RuntimeException e) {
            // queries stay answered without them (slower); the next start or rebuild tries again
            log.error("Building the indexes a FULL rebuild deferred failed; they are left out until the next start",
                    e);
        }
    }
}
