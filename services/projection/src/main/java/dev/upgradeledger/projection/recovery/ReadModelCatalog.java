package dev.upgradeledger.projection.recovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds the read models in a schema from PostgreSQL's catalog: every table except the {@link #BOOKKEEPING} ones, each
 * with its columns and primary key. Nothing here names a read model, so tables that later migrations add are
 * snapshotted, restored and checksummed without a change here.
 */
@Component
public class ReadModelCatalog {

    /**
     * Flyway's history, where in Kafka the read models stand (kept with each snapshot as its positions), and the
     * indexes a FULL rebuild deferred ({@link DeferredIndexes}).
     */
    public static final Set<String> BOOKKEEPING = Set.of("flyway_schema_history", "projection_offset",
            "deferred_index");

    private final JdbcClient jdbc;

    ReadModelCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The read-model tables of {@code schema} in an order in which they can be loaded (a table after those its foreign
     * keys refer to), ties broken by name.
     *
     * @throws IllegalStateException when a read-model table has no primary key: its rows have no stable order
     */
    public List<Table> tables(String schema) {
        Map<String, List<String>> columns = new TreeMap<>();
        jdbc.sql("""
                        select c.relname, a.attname from pg_class c
                        join pg_namespace n on n.oid = c.relnamespace
                        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                        where n.nspname = ? and c.relkind in ('r', 'p') order by c.relname, a.attnum""")
                .param(schema)
                .query((rs, row) -> columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                        .add(rs.getString(2)))
                .list();
        Map<String, List<String>> keys = new HashMap<>();
        jdbc.sql("""
                        select c.relname, a.attname from pg_index i
                        join pg_class c on c.oid = i.indrelid
                        join pg_namespace n on n.oid = c.relnamespace
                        cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
                        join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
                        where n.nspname = ? and i.indisprimary order by c.relname, k.ord""")
                .param(schema)
                .query((rs, row) -> keys.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2)))
                .list();
        Map<String, Set<String>> references = new HashMap<>();
        jdbc.sql("""
                        select c.relname, f.relname from pg_constraint k
                        join pg_class c on c.oid = k.conrelid
                        join pg_class f on f.oid = k.confrelid
                        join pg_namespace n on n.oid = k.connamespace
                        where n.nspname = ? and k.contype = 'f' and k.conrelid <> k.confrelid""")
                .param(schema)
                .query((rs, row) -> references.computeIfAbsent(rs.getString(1), t -> new HashSet<>())
                        .add(rs.getString(2)))
                .list();
        Map<String, Table> tables = new LinkedHashMap<>();
        columns.forEach((name, cols) -> {
            if (BOOKKEEPING.contains(name)) {
                return;
            }
            List<String> key = keys.get(name);
            if (key == null) {
                throw new IllegalStateException("Read-model table " + schema + "." + name + " has no primary key;"
                        + " every read-model table needs one (rows are dumped and checksummed in its order)");
            }
            tables.put(name, new Table(name, List.copyOf(cols), List.copyOf(key)));
        });
        return loadOrder(tables, references);
    }

    private static List<Table> loadOrder(Map<String, Table> tables, Map<String, Set<String>> references) {
        List<Table> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < tables.size()) {
            Table next = tables.values().stream()
                    .filter(table -> !placed.contains(table.name()))
                    .filter(table -> placed.containsAll(within(references.getOrDefault(table.name(), Set.of()),
                            tables.keySet())))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "Foreign keys between read-model tables form a cycle"));
            ordered.add(next);
            placed.add(next.name());
        }
        return ordered;
    }

    private static Set<String> within(Collection<String> names, Set<String> tables) {
        Set<String> result = new HashSet<>(names);
        result.retainAll(tables);
        return result;
    }

    /** A read-model table: its columns in table order and its primary key in key order. */
    public record Table(String name, List<String> columns, List<String> primaryKey) {
    }
}
